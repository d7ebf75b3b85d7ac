"""Stage 1, reference tables with their sources: the village register and the 1-year LPR."""
