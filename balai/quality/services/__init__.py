"""Writes of the quality app: survey responses, complaints, the summary-table refresh."""
