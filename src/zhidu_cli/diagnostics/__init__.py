"""Findings and everything that turns them into a report: suppression, selection, formatting."""
