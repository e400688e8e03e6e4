"""tonbaeb: the command line and the demo data generator."""
