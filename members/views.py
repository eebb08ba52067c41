"""Pages visitors browse: makers and projects."""
