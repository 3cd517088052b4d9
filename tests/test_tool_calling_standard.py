"""langchain-tests' standard suites against ToolCallingChat.

Tool calling, tool choice, structured output and JSON mode are all declared
supported, so the suites run their tool and structured-output tests too. The
only tests left skipped are the ones the suites skip themselves for features a
text-only offline fake does not have (images, audio, PDFs, VCR cassettes).
"""

from __future__ import annotations

from langchain_tests.integration_tests import ChatModelIntegrationTests
from langchain_tests.unit_tests import ChatModelUnitTests

from fakes.langchain import ToolCallingChat


class ToolCallingChatSettings:
    """What both standard suites are told about ToolCallingChat (listed first in the MRO)."""

    @property
    def chat_model_class(self) -> type[ToolCallingChat]:
        return ToolCallingChat

    @property
    def chat_model_params(self) -> dict:
        return {"model": "tools-standard"}

    @property
    def has_tool_calling(self) -> bool:
        return True

    @property
    def has_tool_choice(self) -> bool:
        return True

    @property
    def has_structured_output(self) -> bool:
        return True

    @property
    def supports_json_mode(self) -> bool:
        return True


class TestToolCallingChatUnit(ToolCallingChatSettings, ChatModelUnitTests):
    pass


class TestToolCallingChatIntegration(ToolCallingChatSettings, ChatModelIntegrationTests):
    @property
    def model_override_value(self) -> str:
        return "tools-override"
