"""A project's global properties (``ignition/global-props/data.bin``): its defaults.

Ignition 8.0-8.3 keep them as one ``GlobalProps`` bean in the binary resource
encoding (``gateway_sim.project.resource_codec``; 8.3 gateways still write it).
Setters seen in real files: ``setDefaultDatasourceName``,
``setDefaultSQLTagsProviderName``, ``setAuthProfileName``, ``setIdp``,
``setLegacyProject``, ``setPermissionEnabledMap``. The simulator uses the
default datasource (what ``database=""`` means) and the default tag provider
(paths without ``[provider]``); ``gateway_sim.project.loaded`` applies them.
A file that cannot be read costs one warning line, never the project.
May import: the standard library and ``gateway_sim.project``'s data modules.
"""
from __future__ import absolute_import, division, print_function

import os

from gateway_sim.errors import ConfigError
from gateway_sim.project import beans, resource_codec

GLOBAL_PROPS = "com.inductiveautomation.ignition.common.project.GlobalProps"
RELATIVE_PATH = os.path.join("ignition", "global-props", "data.bin")
# setter -> key in the dict read_global_props returns
SETTERS = {"setDefaultDatasourceName": "defaultDatasource",
           "setDefaultSQLTagsProviderName": "defaultTagProvider",
           "setAuthProfileName": "authProfile", "setIdp": "identityProvider",
           "setLegacyProject": "legacyProject"}


def decode_global_props(data, source=None):
    """``{"defaultDatasource": .., "defaultTagProvider": .., ...}`` from data.bin bytes.

    Only properties the file sets are present (empty texts mean "none").
    Raises ConfigError (with the byte offset for encoding problems).
    """
    values = beans.document_values(resource_codec.decode(data, source), source)
    props = [v for v in values if isinstance(v, beans.Bean) and v.cls == GLOBAL_PROPS]
    if len(props) != 1:
        raise ConfigError("expected one %s object" % GLOBAL_PROPS, source=source)
    out = {}
    for method, _sig, args in props[0].calls:
        key = SETTERS.get(method)
        if key is not None and len(args) == 1:
            out[key] = args[0]
    return out


def read_global_props(info, warn=None):
    """The global props of project ``info`` ({} when it has none or they cannot be read;
    ``warn`` gets the one line saying why, default the ``gateway_sim.project`` log)."""
    path = os.path.join(info.path, RELATIVE_PATH)
    if not os.path.isfile(path):
        return {}
    try:
        with open(path, "rb") as f:
            data = f.read()
        if not resource_codec.is_encoded(data):
            raise ConfigError("not Ignition's binary resource encoding", source=path)
        return decode_global_props(data, path)
    except (ConfigError, IOError, OSError) as exc:
        from gateway_sim.project.events import default_warn
        (warn or default_warn)("project %s: global properties not read (%s); the gateway's "
                               "defaults apply" % (info.name, exc))
        return {}
