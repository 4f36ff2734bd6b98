"""Tests of the runtime modules copied into every generated package (templates/runtime)."""
