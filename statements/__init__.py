"""Statements issued by a body, and the public endorsements they collect."""
