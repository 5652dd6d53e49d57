"""Reads an Arrow IPC stream with pyarrow and prints it as JSON: each field's name, type and metadata,
then the rows (bytes as hex, dates as ISO). Used by ArrowIPCTests.swift to check wh's writer."""

import datetime
import json
import sys

import pyarrow as pa

with pa.ipc.open_stream(open(sys.argv[1], "rb").read()) as reader:
    table = reader.read_all()


def plain(value):
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


print(json.dumps({
    "fields": [{"name": f.name, "type": str(f.type), "nullable": f.nullable,
                "metadata": {k.decode(): v.decode() for k, v in (f.metadata or {}).items()}} for f in table.schema],
    "rows": [[plain(v) for v in row.values()] for row in table.to_pylist()],
}, sort_keys=True))
