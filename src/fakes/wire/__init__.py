"""Provider wire formats: OpenAI's and Anthropic's JSON, read into the core and rendered from it.

Nothing here imports litellm, langchain or a provider SDK: requests arrive as
parsed JSON bodies and answers leave as JSON-ready dicts or SSE bytes, so the
in-process interception (:mod:`fakes.providers`) answers with no start-up cost.
"""
