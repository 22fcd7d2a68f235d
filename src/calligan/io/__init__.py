"""Input/output helpers shared by every stage."""
