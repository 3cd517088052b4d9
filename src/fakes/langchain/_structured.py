"""``with_structured_output`` for the fakes: a forced tool call, or JSON text parsed."""

from __future__ import annotations

from operator import itemgetter
from typing import TYPE_CHECKING, Any, Literal, cast

from langchain_core.output_parsers import JsonOutputParser, PydanticOutputParser
from langchain_core.output_parsers.openai_tools import (
    JsonOutputKeyToolsParser,
    PydanticToolsParser,
)
from langchain_core.runnables import RunnableMap, RunnablePassthrough
from langchain_core.utils.pydantic import is_basemodel_subclass

from fakes.core import InvalidInputError
from fakes.langchain._tooldefs import openai_tool

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel, LanguageModelInput
    from langchain_core.runnables import Runnable

__all__ = ["StructuredOutput", "structured_output"]

Method = Literal["function_calling", "json_schema", "json_mode"]
_METHODS = ("function_calling", "json_schema", "json_mode")


def structured_output(
    model: BaseChatModel,
    schema: dict[str, Any] | type | None,
    *,
    method: Method = "function_calling",
    include_raw: bool = False,
    strict: bool | None = None,
    **kwargs: Any,
) -> Runnable[LanguageModelInput, dict[str, Any] | Any]:
    """Bind ``model`` to answer with values of ``schema``: a pydantic class, TypedDict or dict.

    ``method`` is "function_calling" (the schema bound as a tool and forced; the
    tool call's arguments are parsed), "json_schema" (``response_format`` of type
    json_schema; the reply text is parsed as JSON) or "json_mode" (type
    json_object, with the schema handed to the fake, which cannot read it from
    instructions). Text that is not valid JSON for the schema raises LangChain's
    ``OutputParserException``; with ``include_raw=True`` the answer is
    ``{"raw", "parsed", "parsing_error"}`` and the error is reported there.
    """
    if kwargs:
        raise InvalidInputError(
            f"with_structured_output got unsupported arguments {sorted(kwargs)}"
        )
    if method not in _METHODS:
        raise InvalidInputError(
            f"with_structured_output method must be one of {', '.join(_METHODS)}, got {method!r}"
        )
    if schema is None:
        raise InvalidInputError("with_structured_output needs a schema")
    is_pydantic = isinstance(schema, type) and is_basemodel_subclass(schema)
    tool = openai_tool(schema, 0)
    name = tool["function"]["name"]
    json_schema = tool["function"]["parameters"]
    ls_format = {"kwargs": {"method": method, "strict": strict}, "schema": schema}
    llm: Runnable[LanguageModelInput, Any]
    parser: Runnable[Any, Any]
    if method == "function_calling":
        llm = model.bind_tools([schema], tool_choice=name, ls_structured_output_format=ls_format)
        if is_pydantic:
            parser = PydanticToolsParser(tools=[schema], first_tool_only=True)  # type: ignore[list-item]
        else:
            parser = JsonOutputKeyToolsParser(key_name=name, first_tool_only=True)
    else:
        if method == "json_schema":
            response_format: dict[str, Any] = {
                "type": "json_schema",
                "json_schema": {"name": name, "schema": json_schema, "strict": strict},
            }
        else:
            response_format = {"type": "json_object", "schema": json_schema}
        llm = model.bind(response_format=response_format, ls_structured_output_format=ls_format)
        parser = (
            PydanticOutputParser(pydantic_object=schema)  # type: ignore[arg-type]
            if is_pydantic
            else JsonOutputParser()
        )
    return _with_raw(llm, parser) if include_raw else llm | parser


def _with_raw(
    llm: Runnable[LanguageModelInput, Any], parser: Runnable[Any, Any]
) -> Runnable[LanguageModelInput, dict[str, Any]]:
    """Answer ``{"raw", "parsed", "parsing_error"}``, as LangChain's models do for include_raw."""
    parser_assign = RunnablePassthrough.assign(
        parsed=itemgetter("raw") | parser, parsing_error=lambda _: None
    )
    parser_none = RunnablePassthrough.assign(parsed=lambda _: None)
    with_fallback = parser_assign.with_fallbacks([parser_none], exception_key="parsing_error")
    return RunnableMap(raw=llm) | with_fallback


class StructuredOutput:
    """Mixin giving a fake chat model :func:`structured_output` as ``with_structured_output``.

    Listed before :class:`~fakes.langchain.BaseFakeChat` in a fake's bases; what
    the reply holds (values derived from the prompt, or a scripted tool call or
    JSON text) is the fake's own.
    """

    def with_structured_output(
        self,
        schema: dict[str, Any] | type | None = None,
        *,
        include_raw: bool = False,
        **kwargs: Any,
    ) -> Runnable[LanguageModelInput, dict[str, Any] | Any]:
        """Answer with values of ``schema``; see :func:`structured_output` for the methods."""
        model = cast("BaseChatModel", self)
        return structured_output(model, schema, include_raw=include_raw, **kwargs)
