"""Integrations for the conformance tests: seed examples and deliberately broken models."""
