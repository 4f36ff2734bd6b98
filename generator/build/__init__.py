"""Stage 3, build the IR: a normalized spec becomes an :class:`~generator.ir.Api`.

:func:`build` (in :mod:`.api`) runs the steps; each module is one of them:

- :mod:`.schemas`: schemas to type references (:mod:`generator.types` turns those into
  source), with the named models and enums; :mod:`.models` builds a model's fields;
- :mod:`.operations`: operations to methods (parameters, responses), with :mod:`.bodies`
  for request bodies (the method's source is derived from them by :mod:`generator.emit`);
- :mod:`.resources`: operations grouped into resources by their first tag, with pagination;
- :mod:`.api`: the API itself; :mod:`.security` its security schemes and requirements;
- :mod:`.servers`: the environments, the servers of paths and operations, and their variables;
- :mod:`.import_lines`: the import lines of generated modules, from what their code needs.

Problems that drop or guess something are warnings; nothing is dropped
without one.
"""

from __future__ import annotations

from .api import build

__all__ = ["build"]
