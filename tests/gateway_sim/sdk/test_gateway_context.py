"""gateway_sim.sdk.gatewaycontext / images: IgnitionGateway.get() on the simulated gateway."""
from __future__ import absolute_import, division, print_function

import json
import os

import pytest

from gateway_sim import Gateway, check, java
from gateway_sim.errors import NoGatewayError
from realfixtures import real_path

java.install()
from com.inductiveautomation.ignition.gateway import IgnitionGateway  # noqa: E402
from com.inductiveautomation.ignition.gateway.images import (  # noqa: E402
    ImageFormat, ImageManager, ImageRecord)
from com.inductiveautomation.ignition.gateway.model import GatewayContext  # noqa: E402


def _project(root, name, **manifest):
    d = os.path.join(root, name)
    os.makedirs(os.path.join(d, "ignition"))
    with open(os.path.join(d, "project.json"), "w") as f:
        json.dump(dict({"title": name.upper(), "enabled": True, "parent": ""}, **manifest), f)
    return d


def test_get_without_a_gateway_names_the_fix():
    with pytest.raises(NoGatewayError) as exc:
        IgnitionGateway.get()
    assert "simulate" in str(exc.value)


def test_context_basics_and_bean_properties(tmp_path):
    with Gateway(data_dir=str(tmp_path)) as gw:
        ctx = IgnitionGateway.get()
        assert isinstance(ctx, GatewayContext) and isinstance(ctx, IgnitionGateway)
        assert str(ctx.systemManager.dataDir.absoluteFile) == str(tmp_path)
        assert ctx.getSystemManager().getDataDir().isDirectory()
        assert ctx.getSystemManager().getSystemName() == gw.name
        assert ctx.getState().name() == "RUNNING" and str(ctx.state) == "RUNNING"
        assert ctx.getTagManager().getTagProviderNames() == gw.tags.provider_names()
        dm = ctx.datasourceManager
        assert dm.getDatasourceNames() == gw.databases.datasource_names()
        assert [d.getName() for d in dm.getDatasources()] == dm.datasourceNames
        assert dm.getDatasource("nope") is None
    with pytest.raises(TypeError) as exc:
        IgnitionGateway()
    assert "IgnitionGateway.get()" in str(exc.value)


def test_unprovided_methods_name_the_system_alternative():
    with Gateway():
        ctx = IgnitionGateway.get()
        with pytest.raises(AttributeError) as exc:
            ctx.getAlarmManager()
        assert "getAlarmManager" in str(exc.value) and "system.alarm" in str(exc.value)
        with pytest.raises(AttributeError) as exc:
            ctx.getTagManager().subscribeAsync
        assert "subscribeAsync" in str(exc.value) and "system.tag" in str(exc.value)
        with pytest.raises(AttributeError) as exc:
            ctx.noSuchThing
        assert "getImageManager" in str(exc.value)  # lists what is offered


def test_project_manager_lists_loaded_and_folder_projects(tmp_path):
    root = str(tmp_path / "projects")
    _project(root, "Global", inheritable=True)
    child = _project(root, "Child", parent="Global", description="kid")
    _project(root, "Off", enabled=False)
    with Gateway(config={"projects": [root]}) as gw:
        gw.projects.load(child, start=False)
        pm = IgnitionGateway.get().getProjectManager()
        assert pm.getProjectNames() == ["Child", "Global", "Off"]
        m = pm.getProjectManifests()
        assert sorted(m) == ["Child", "Global", "Off"]
        assert m["Child"].getParent() == "Global" and m["Child"].getDescription() == "kid"
        assert m["Child"].title == "CHILD" and m["Global"].getParent() == ""
        assert m["Global"].isInheritable() and not m["Child"].inheritable
        assert not m["Off"].isEnabled() and m["Child"].enabled


def test_image_manager_insert_list_get_copy_delete():
    with Gateway() as gw:
        im = IgnitionGateway.get().getImageManager()
        assert isinstance(im, ImageManager)
        im.insertImage("7.jpg", "", ImageFormat.JPEG, "people/", [-1, -40, 65], 2, 3, 3)
        im.insertImage("a.png", "d", ImageFormat.PNG, None, b"\x89PNG", 1, 1, 4)
        assert [r.getPath() for r in im.getImages(None)] == ["a.png", "people"]
        assert im.getImages("")[1].isDirectory()
        (listed,) = im.getImages("people/")
        assert listed.getString(ImageRecord.Path) == "people/7.jpg" and listed.getData() is None
        rec = im.getImage("people/7.jpg")
        assert rec.getBytes(ImageRecord.Data) == b"\xff\xd8A"
        assert (rec.type, rec.width, rec.height, rec.size) == (ImageFormat.JPEG, 2, 3, 3)
        im.copyImage("people/7.jpg", "archive/7.jpg")
        assert im.getImage("archive/7.jpg").getData() == b"\xff\xd8A"
        im.deleteImage("people")
        assert im.getImage("people/7.jpg") is None and im.getImages("people") == []
        assert gw.has_backend("sdk_images")
    with Gateway():  # another gateway: its own, empty store
        assert IgnitionGateway.get().getImageManager().getImages("") == []


def test_image_manager_bad_input_is_a_clear_error():
    from gateway_sim.java.lang import IllegalArgumentException, JavaException
    from gateway_sim.java.sql import SQLException
    with Gateway():
        im = IgnitionGateway.get().getImageManager()
        with pytest.raises(IllegalArgumentException) as exc:
            im.insertImage("x.jpg", "", "JPEG", "", b"1", 1, 1, 1)
        assert "ImageFormat.JPEG" in str(exc.value)
        with pytest.raises(TypeError) as exc:
            im.insertImage("x.jpg", "", ImageFormat.JPEG, "", 12, 1, 1, 1)
        assert "image's bytes" in str(exc.value)
        with pytest.raises(IllegalArgumentException) as exc:
            im.insertImage("x.jpg", "", ImageFormat.JPEG, "", b"1", -1, 1, 1)
        assert "width" in str(exc.value)
        im.insertImage("x.jpg", "", ImageFormat.JPEG, "", b"1", 1, 1, 1)
        with pytest.raises(SQLException) as exc:
            im.insertImage("x.jpg", "", ImageFormat.JPEG, "", b"1", 1, 1, 1)
        assert "deleteImage" in str(exc.value)
        with pytest.raises(JavaException):
            im.deleteImage("missing.png")
    assert ImageFormat.valueOf("SVG") is ImageFormat.SVG
    assert [f.name() for f in ImageFormat.values()] == ["GIF", "JPEG", "PNG", "SVG"]
    with pytest.raises(IllegalArgumentException) as exc:
        ImageFormat.valueOf("JPG")
    assert "JPEG" in str(exc.value)


def test_java_io_file_paths(tmp_path):
    from gateway_sim.java.io import File
    from gateway_sim.java.lang import NullPointerException
    f = File(str(tmp_path), "a.txt")
    assert f.name == "a.txt" and f.parentFile.isDirectory() and not f.exists()
    (tmp_path / "a.txt").write_text(u"hi")
    assert f.isFile() and f.length() == 2 and File(str(tmp_path)).list() == ["a.txt"]
    with pytest.raises(NullPointerException) as exc:
        File(3)
    assert "path string" in str(exc.value)


def test_hms_image_handlers_no_longer_fail_on_the_import():
    report = check.check_project(real_path("event81", "OpenHMShub__HMS"))
    rows = dict((r["name"], r) for r in report["rows"] if r["kind"] == "event")
    uploads = [n for n in rows if n.startswith("message upload")]
    assert len(uploads) == 7
    for name in uploads:
        cause = rows[name]["cause"] or ""
        assert "ImportError" not in cause and "not provided" not in cause, (name, cause)
        assert cause.startswith("KeyError"), (name, cause)  # the empty payload, as on a gateway
    assert report["missing"]["java"] == {}
