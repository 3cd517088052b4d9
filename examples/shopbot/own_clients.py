"""Shopbot's parts that build their own clients: nothing can be passed in.

This is how most apps are written: the model is constructed where it is used.
The tests answer these with pytest-fakes' ``fake_providers``, unchanged.
"""

from __future__ import annotations

import litellm
import openai
from langchain.agents import create_agent
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_openai import ChatOpenAI

from shopbot.app import check_stock


def tagline(product: str) -> str:
    """Prompt | ChatOpenAI | parser, with the model built right here."""
    prompt = ChatPromptTemplate.from_messages([("human", "A tagline for {product}.")])
    chain = prompt | ChatOpenAI(model="gpt-4o-mini") | StrOutputParser()
    return chain.invoke({"product": product})


def translate(text: str) -> str:
    """LiteLLM with a real model name."""
    reply = litellm.completion(
        model="openai/gpt-4o-mini", messages=[{"role": "user", "content": text}]
    )
    return str(reply.choices[0].message.content)


def stream_words(text: str) -> list[str]:
    """The openai SDK, streamed."""
    stream = openai.OpenAI().chat.completions.create(
        model="gpt-4o", messages=[{"role": "user", "content": text}], stream=True
    )
    return [c.choices[0].delta.content for c in stream if c.choices and c.choices[0].delta.content]


def similar(a: str, b: str) -> bool:
    """The openai SDK's embeddings: are two texts the same?"""
    vectors = openai.OpenAI().embeddings.create(model="text-embedding-3-small", input=[a, b])
    return vectors.data[0].embedding == vectors.data[1].embedding


def stock_answer(question: str) -> str:
    """An agent with a tool, on a model it builds itself."""
    agent = create_agent(ChatOpenAI(model="gpt-4.1-mini"), tools=[check_stock])
    result = agent.invoke({"messages": [("user", question)]})
    return str(result["messages"][-1].content)
