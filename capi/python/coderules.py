"""A ctypes binding over the coderules C ABI (capi/coderules.h), standard library only.

    import coderules
    coderules.load("/path/to/libcoderules.so")
    with coderules.Engine.from_file("sample.pack") as engine:
        result = engine.check({"id": "1", "type": "PROFESSIONAL", "lines": [...]})
        for finding in result.get("findings", []):
            print(finding["edit"], finding["lines"])

Findings about a claim (even bytes that are not a claim) are data in the result; only a failed
call (a bad argument, a corrupt pack) raises CoderulesError.
"""

import ctypes
import json
import os
import threading
from typing import Mapping, Optional, Union

# Values of capi/coderules.h; they never change.
ABI_VERSION = 1
OK = 0
INVALID_ARGUMENT = 3
NOT_FOUND = 5
OUT_OF_RANGE = 11
FORMAT_BINARY = 1
FORMAT_JSON = 2
OPTIONS = {"max_lines": 1, "max_history_lines": 2, "max_input_bytes": 3}

__all__ = ["ABI_VERSION", "CoderulesError", "Engine", "Library", "load"]


class CoderulesError(Exception):
    """A coderules_ call failed: `status` is its code, `name` e.g. "NOT_FOUND"."""

    def __init__(self, status: int, name: str, message: str):
        super().__init__(f"{name}: {message}" if message else name)
        self.status = status
        self.name = name
        self.message = message


class _Buffer(ctypes.Structure):
    _fields_ = [("data", ctypes.c_void_p), ("size", ctypes.c_size_t)]


class Library:
    """The loaded shared library, with every signature declared."""

    def __init__(self, path: str):
        lib = ctypes.CDLL(path)
        i32, i64, size = ctypes.c_int32, ctypes.c_int64, ctypes.c_size_t
        # uint8_t* inputs are declared c_char_p: same ABI, and bytes pass without a copy.
        data, handle, text = ctypes.c_char_p, ctypes.c_void_p, ctypes.c_char_p
        out_handle = ctypes.POINTER(handle)
        signatures = {
            "coderules_abi_version": (i32, []),
            "coderules_version_number": (i32, []),
            "coderules_version_string": (text, []),
            "coderules_status_name": (text, [i32]),
            "coderules_last_error_message": (text, []),
            "coderules_options_create": (i32, [out_handle]),
            "coderules_options_destroy": (None, [handle]),
            "coderules_options_set_int": (i32, [handle, i32, i64]),
            "coderules_options_bounds": (i32, [i32, ctypes.POINTER(i64), ctypes.POINTER(i64)]),
            "coderules_engine_create_from_file": (i32, [out_handle, data, size, handle]),
            "coderules_engine_create_from_bytes": (i32, [out_handle, data, size, handle]),
            "coderules_engine_destroy": (None, [handle]),
            "coderules_engine_pack_version": (text, [handle]),
            "coderules_engine_check": (i32, [handle, i32, data, size, data, size,
                                             ctypes.POINTER(_Buffer)]),
            "coderules_engine_lookup": (i32, [handle, i32, data, size, data, size,
                                              ctypes.POINTER(_Buffer)]),
            "coderules_engine_pack_info": (i32, [handle, i32, ctypes.POINTER(_Buffer)]),
            "coderules_buffer_free": (None, [ctypes.POINTER(_Buffer)]),
        }
        for name, (restype, argtypes) in signatures.items():
            function = getattr(lib, name)
            function.restype = restype
            function.argtypes = argtypes
        abi = lib.coderules_abi_version()
        if abi != ABI_VERSION:
            raise ImportError(f"{path} has coderules ABI {abi}; this binding needs {ABI_VERSION}")
        self.path = path
        self.version = lib.coderules_version_string().decode()
        self._lib = lib

    def __getattr__(self, name):
        if name == "_lib":  # not yet set: __init__ failed part-way
            raise AttributeError(name)
        return getattr(self._lib, name)

    def status_name(self, status: int) -> str:
        return self._lib.coderules_status_name(status).decode()

    def call(self, function, *args) -> None:
        """Calls a fallible function; raises CoderulesError unless it returns OK."""
        status = function(*args)
        if status != OK:
            # The message is per thread and lasts until the next call: read it now.
            message = self._lib.coderules_last_error_message().decode("utf-8", "replace")
            raise CoderulesError(status, self.status_name(status), message)

    def bounds(self, option: str):
        """The (min, max) accepted for an option named in OPTIONS."""
        low, high = ctypes.c_int64(), ctypes.c_int64()
        self.call(self._lib.coderules_options_bounds, OPTIONS[option], ctypes.byref(low),
                  ctypes.byref(high))
        return low.value, high.value


_default: Optional[Library] = None
_default_lock = threading.Lock()


def load(path: Optional[str] = None) -> Library:
    """Loads the library: `path`, else $CODERULES_LIBRARY, else libcoderules.so.<ABI> by the
    system's search. The first call's library is the default for Engine."""
    global _default
    path = path or os.environ.get("CODERULES_LIBRARY") or f"libcoderules.so.{ABI_VERSION}"
    library = Library(path)
    with _default_lock:
        if _default is None:
            _default = library
    return library


def _library(library: Optional[Library]) -> Library:
    if library is not None:
        return library
    return _default if _default is not None else load()


def _to_bytes(message: Union[Mapping, str, bytes, None]) -> bytes:
    if message is None:
        return b""
    if isinstance(message, (bytes, bytearray, memoryview)):
        return bytes(message)
    if isinstance(message, str):
        return message.encode("utf-8")
    return json.dumps(message, separators=(",", ":")).encode("utf-8")


class Engine:
    """An engine over one rule pack. Thread-safe; close() (or `with`) frees it at once."""

    def __init__(self, library: Library, handle: ctypes.c_void_p):
        self._library = library
        self._handle = handle

    @classmethod
    def from_file(cls, path: Union[str, os.PathLike], options: Optional[Mapping[str, int]] = None,
                  library: Optional[Library] = None) -> "Engine":
        encoded = os.fsencode(path)
        return cls._create(_library(library), "coderules_engine_create_from_file", encoded,
                           options)

    @classmethod
    def from_bytes(cls, pack: bytes, options: Optional[Mapping[str, int]] = None,
                   library: Optional[Library] = None) -> "Engine":
        return cls._create(_library(library), "coderules_engine_create_from_bytes", bytes(pack),
                           options)

    @classmethod
    def _create(cls, lib: Library, function: str, data: bytes, options) -> "Engine":
        handle = ctypes.c_void_p()
        opts = ctypes.c_void_p()
        try:
            if options:
                lib.call(lib.coderules_options_create, ctypes.byref(opts))
                for name, value in options.items():
                    if name not in OPTIONS:
                        raise ValueError(f"unknown option {name!r}; known: {sorted(OPTIONS)}")
                    lib.call(lib.coderules_options_set_int, opts, OPTIONS[name], value)
            lib.call(getattr(lib, function), ctypes.byref(handle), data, len(data), opts)
        finally:
            # The engine keeps a copy of the options.
            lib.coderules_options_destroy(opts)
        return cls(lib, handle)

    def close(self) -> None:
        if self._handle is not None:
            self._library.coderules_engine_destroy(self._handle)
            self._handle = None

    def __enter__(self) -> "Engine":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __del__(self):
        # At interpreter exit the library may already be gone; the OS reclaims the memory.
        try:
            self.close()
        except Exception:
            pass

    def _live(self) -> ctypes.c_void_p:
        if self._handle is None:
            raise ValueError("the engine is closed")
        return self._handle

    @property
    def pack_version(self) -> str:
        return self._library.coderules_engine_pack_version(self._live()).decode()

    def check_raw(self, claim: bytes, history: Optional[bytes] = None,
                  wire_format: int = FORMAT_JSON) -> bytes:
        """Checks a serialized coderules.v1.Claim; returns the CheckResult in the same format."""
        claim = _to_bytes(claim)
        history = _to_bytes(history)
        return self._answer("coderules_engine_check", wire_format, claim, len(claim), history,
                            len(history))

    def check(self, claim: Union[Mapping, str, bytes],
              history: Union[Mapping, str, bytes, None] = None) -> dict:
        """Checks a claim given as a dict or proto3 JSON text; returns the CheckResult as a
        dict. `history` holds the patient's earlier lines: {"lines": [...]}."""
        return json.loads(self.check_raw(_to_bytes(claim), _to_bytes(history), FORMAT_JSON))

    def lookup(self, code: str, date: Optional[str] = None) -> dict:
        """What the pack knows about a code (any case, the ICD-10-CM dot optional): the
        coderules.v1.LookupResult as a dict. `date` ("YYYY-MM-DD") limits the answer to that day
        and says whether the code is valid then. Text of no code's shape, or a date that is not
        one, raises CoderulesError (INVALID_ARGUMENT)."""
        code = code.encode("utf-8")
        date = (date or "").encode("utf-8")
        return json.loads(self._answer("coderules_engine_lookup", FORMAT_JSON, code, len(code),
                                       date, len(date)))

    def pack_info(self) -> dict:
        """What went into the pack: the coderules.v1.PackInfo as a dict."""
        return json.loads(self._answer("coderules_engine_pack_info", FORMAT_JSON))

    def _answer(self, function: str, wire_format: int, *args) -> bytes:
        """Calls an engine function that answers in a library-owned buffer; returns its bytes."""
        lib = self._library
        out = _Buffer()
        lib.call(getattr(lib, function), self._live(), wire_format, *args, ctypes.byref(out))
        try:
            return ctypes.string_at(out.data, out.size)
        finally:
            lib.coderules_buffer_free(ctypes.byref(out))
