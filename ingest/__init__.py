"""Outside files into the domain: the demo data today; importers and exporters as they land."""
