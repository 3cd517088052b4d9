"""langchain-tests' standard suites against ParrotChat.

ParrotChat has no tools and no structured output, so the suites skip those
tests themselves (``has_tool_calling`` is False); everything else must pass.
"""

from __future__ import annotations

from langchain_tests.integration_tests import ChatModelIntegrationTests
from langchain_tests.unit_tests import ChatModelUnitTests

from fakes.langchain import ParrotChat


class TestParrotChatUnit(ChatModelUnitTests):
    @property
    def chat_model_class(self) -> type[ParrotChat]:
        return ParrotChat

    @property
    def chat_model_params(self) -> dict:
        return {"model": "parrot-standard"}


class TestParrotChatIntegration(ChatModelIntegrationTests):
    @property
    def chat_model_class(self) -> type[ParrotChat]:
        return ParrotChat

    @property
    def chat_model_params(self) -> dict:
        return {"model": "parrot-standard"}

    @property
    def model_override_value(self) -> str:
        return "parrot-override"

    @property
    def returns_usage_metadata(self) -> bool:
        return True

    @property
    def supports_image_inputs(self) -> bool:
        return False
