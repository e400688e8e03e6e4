"""District submissions in, warehouse batches out."""
