"""Stage 3, analysis of the figures: the consistency audit, progress toward targets, trends."""
