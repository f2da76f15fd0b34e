"""Benchmarks: the library measured side by side with a raw websocket-client baseline."""
