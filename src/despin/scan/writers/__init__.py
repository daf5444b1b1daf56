"""Writers: sharded, atomic outputs (data / flagged / errors) with per-shard done markers."""

from despin.scan.writers.shards import ShardStore

__all__ = ["ShardStore"]
