"""Tests of the offline, rule-based extractor."""
