"""websocket-client's ``WebSocket`` with a cap on the size of what it will receive.

websocket-client reads any length a peer announces. The cap is checked on the
announced length of every frame, before its payload is read, and on the running
size of a fragmented message, so a hostile or broken peer cannot exhaust memory.

Example:
    >>> ws = LimitedWebSocket(max_frame_bytes=1024)
    >>> ws.frame_buffer.max_bytes
    1024
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import websocket

__all__ = ["FrameTooLarge", "LimitedWebSocket"]


class FrameTooLarge(websocket.WebSocketPayloadException):
    """A frame or message larger than the configured cap.

    Example:
        >>> FrameTooLarge(2048, 1024).size
        2048
    """

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"a frame of {size} bytes exceeds max_frame_bytes {limit}")
        self.size = size
        self.limit = limit


class _LimitedFrameBuffer(websocket.frame_buffer):
    def __init__(self, recv_fn: Callable[[int], bytes], max_bytes: int) -> None:
        # Text is validated by decoding it (C speed), not by websocket-client's
        # pure-Python UTF-8 check.
        super().__init__(recv_fn, skip_utf8_validation=True)
        self.max_bytes = max_bytes

    def recv_length(self) -> None:
        super().recv_length()
        if self.length is not None and self.length > self.max_bytes:
            raise FrameTooLarge(self.length, self.max_bytes)


class _LimitedMessage(websocket.continuous_frame):
    def __init__(self, max_bytes: int) -> None:
        super().__init__(fire_cont_frame=False, skip_utf8_validation=True)
        self.max_bytes = max_bytes

    def add(self, frame: Any) -> None:
        super().add(frame)
        if self.cont_data is not None and len(self.cont_data[1]) > self.max_bytes:
            size = len(self.cont_data[1])
            self.cont_data = None
            raise FrameTooLarge(size, self.max_bytes)


class LimitedWebSocket(websocket.WebSocket):
    """A thread-safe (send lock) ``WebSocket`` refusing frames over ``max_frame_bytes``.

    Example:
        >>> LimitedWebSocket(max_frame_bytes=10).cont_frame.max_bytes
        10
    """

    def __init__(self, max_frame_bytes: int) -> None:
        super().__init__(enable_multithread=True, skip_utf8_validation=True)
        self.frame_buffer: _LimitedFrameBuffer = _LimitedFrameBuffer(self._recv, max_frame_bytes)
        self.cont_frame: _LimitedMessage = _LimitedMessage(max_frame_bytes)
