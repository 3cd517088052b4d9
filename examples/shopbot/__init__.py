"""A tiny downstream app used to show pytest-fakes in a real test suite."""
