"""The partitions: one per report text under seeds/texts/, keyed by its file name (orchestration.inputs.changes.text_key)."""

import dagster as dg

text_partitions = dg.DynamicPartitionsDefinition(name="text_documents")
