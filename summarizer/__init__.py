"""Typed, grounded summaries of news articles about negotiations."""
