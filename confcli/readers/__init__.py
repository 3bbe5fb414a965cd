"""The reading wing: where pages come from (sources, sidecars), the shapes confcli reads
(registry: one module per reader, each with a sniff and a read function), and reading
inputs into pages (reading). Nothing is imported here: queries never load the readers."""
