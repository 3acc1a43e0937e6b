"""Small gateway-scope functions: formatDates, printers, holidays."""
from __future__ import absolute_import, division, print_function

import pytest


def test_format_dates_turns_date_columns_into_text(system):
    d = system.date.getDate(2026, 0, 2)
    ds = system.dataset.toDataSet(["when", "n"], [[d, 1], [None, 2]])
    out = system.dataset.formatDates(ds, "yyyy-MM-dd")
    assert [out.getValueAt(0, 0), out.getValueAt(1, 0), out.getValueAt(0, 1)] == \
        ["2026-01-02", None, 1]
    assert out.getColumnType(0).getSimpleName() == "String"
    assert system.dataset.formatDates(ds, "MMM d", "en_US").getValueAt(0, 0) == "Jan 2"


@pytest.mark.allow_not_implemented
def test_format_dates_other_locales_are_a_gap(system):
    from gateway_sim.errors import NotImplementedInSimulator
    ds = system.dataset.toDataSet(["when"], [[system.date.now()]])
    with pytest.raises(NotImplementedInSimulator):
        system.dataset.formatDates(ds, "MMMM", "de_DE")


@pytest.mark.gateway_config(version="8.3")
def test_no_printers_and_no_holidays(system):
    assert system.print.getPrinterNames() == [] and system.print.getDefaultPrinterName() is None
    assert system.user.getHolidayNames() == [] and system.user.getHolidays() == []
    assert system.user.getHoliday("Xmas") is None
