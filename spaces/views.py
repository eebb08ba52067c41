"""Pages visitors browse: spaces, cities, networks."""
