"""Shopbot: a prompt | model chain, an agent with a tool, and a LiteLLM call.

Nothing here knows about the fakes: the models are passed in (or named, for
LiteLLM), which is what lets the tests swap in the pytest-fakes fixtures.
"""

from __future__ import annotations

from typing import Any

import litellm
from langchain.agents import create_agent
from langchain_core.language_models import BaseChatModel
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import Runnable
from langchain_core.tools import tool

STOCK = {"KETTLE-1": 3, "TOASTER-2": 0}

SUMMARY_MODEL = "openai/gpt-4o-mini"


def blurb_chain(model: BaseChatModel) -> Runnable[dict[str, str], str]:
    """Prompt | model | parser: a one-line product blurb."""
    prompt = ChatPromptTemplate.from_messages(
        [
            ("system", "You write short, friendly product blurbs."),
            ("human", "Describe {product} in one line."),
        ]
    )
    return prompt | model | StrOutputParser()


@tool
def check_stock(sku: str) -> str:
    """Tell how many items of a SKU are in stock."""
    count = STOCK.get(sku)
    if count is None:
        return f"unknown SKU {sku}"
    return f"{count} in stock for {sku}"


def build_agent(model: BaseChatModel) -> Any:
    """An agent that may call check_stock before answering."""
    return create_agent(
        model,
        tools=[check_stock],
        system_prompt="You answer stock questions. Use check_stock.",
    )


def ask(agent: Any, question: str) -> str:
    """Run the agent on one question and return its final answer."""
    state = agent.invoke({"messages": [("user", question)]})
    return str(state["messages"][-1].content)


def summarize_review(review: str, model: str = SUMMARY_MODEL) -> str:
    """Summarize a customer review with any LiteLLM model."""
    response = litellm.completion(
        model=model,
        messages=[
            {"role": "system", "content": "Summarize reviews in one sentence."},
            {"role": "user", "content": review},
        ],
        max_tokens=60,
    )
    return str(response.choices[0].message.content)


def receipt_line(clock_model: BaseChatModel, order_id: str) -> str:
    """A receipt line stamped with the time a model reports (a stand-in for a service)."""
    stamp = clock_model.invoke("What time is it?").content
    return f"order {order_id} placed at {stamp}"
