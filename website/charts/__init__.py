"""Charts of our series as Vega-Lite specifications, rendered on the server (website.charts.render)."""
