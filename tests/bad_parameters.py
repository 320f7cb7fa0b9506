"""The one table of bad query parameters: each a 400 naming the parameter (DESIGN.md, "validated, never ignored").

Rows name their endpoint by URL name (tests/endpoints.py fills its path parameters); a new
endpoint gets the rows asked of every endpoint without a line here.
"""

#: (endpoint, query, the parameter the 400 names)
BAD_PARAMETERS: list[tuple[str, str, str]] = [
    *[
        ("observation-list", query, name)
        for query, name in [
            ("year=abc", "year"),
            ("year=1899", "year"),
            ("year=2101", "year"),
            ("year=20.5", "year"),
            ("year=2017.5", "year"),
            ("year=NaN", "year"),
            ("year=" + "9" * 40, "year"),
            ("year_min=abc", "year_min"),
            ("year_min=1899", "year_min"),
            ("year_min=" + "9" * 40, "year_min"),
            ("year_max=2101", "year_max"),
            ("year_min=2017&year_max=2016", "year_min"),
            ("area=XX", "area"),
            ("area=07137,XX", "area"),
            ("area=,", "area"),
            ("area=07137,", "area"),
            ("indicator=nope", "indicator"),
            ("indicator=staff,,unemployment_rate", "indicator"),
            ("source=nope", "source"),
            ("last=abc", "last"),
            ("last=0", "last"),
            ("last=-1", "last"),
            ("last=" + "9" * 40, "last"),
            ("granularity=week", "granularity"),
            ("qualifier=roughly", "qualifier"),
            ("value_kind=average", "value_kind"),
            ("value_kind=POINT_IN_TIME", "value_kind"),
            ("status=preliminary", "status"),
            ("status=provisional,", "status"),
            ("status=final,,estimated", "status"),
            ("status=P", "status"),
            ("ordering=nope", "ordering"),
            ("ordering=-nope", "ordering"),
            ("ordering=value,source_quote", "ordering"),
            ("ordering=,", "ordering"),
            ("ordering=year,", "ordering"),
            ("ordering=,year", "ordering"),
            ("ordering=year,,id", "ordering"),
            ("ordering=year,%20", "ordering"),
            ("limit=-1", "limit"),
            ("limit=0", "limit"),
            ("limit=abc", "limit"),
            ("limit=5.0", "limit"),
            ("offset=-1", "offset"),
            ("offset=1e9", "offset"),
            ("offset=1000000001", "offset"),
            ("offset=" + "9" * 40, "offset"),
            ("format=exe", "format"),
            ("year=", "year"),
        ]
    ],
    *[("observation-detail", query, query.split("=")[0]) for query in ["year=2016", "limit=1", "ordering=value"]],
    ("observation-detail", "area=07137", "area"),
    ("indicator-list", "unit=kg", "unit"),
    ("indicator-list", "code=staff", "code"),
    ("indicator-list", "limit=-5", "limit"),
    *[
        ("indicator-series", query, name)
        for query, name in [
            ("area=XX", "area"),
            ("area=,", "area"),
            ("granularity=week", "granularity"),
            ("value_kind=current", "value_kind"),
            ("status=draft", "status"),
            ("year_min=abc", "year_min"),
            ("year_max=2101", "year_max"),
            ("year_min=2017&year_max=2005", "year_min"),
            ("limit=10", "limit"),
            ("year=2017", "year"),
            ("indicator=staff", "indicator"),
            ("shape=tall", "shape"),
        ]
    ],
    ("year-list", "year=2017", "year"),
    ("year-list", "limit=-1", "limit"),
    ("year-list", "offset=x", "offset"),
    ("year-detail", "limit=1", "limit"),
    ("refugee-caseload-list", "year=abc", "year"),
    ("refugee-caseload-list", "year=1800", "year"),
    ("refugee-caseload-list", "year_min=2018&year_max=2017", "year_min"),
    ("refugee-caseload-list", "total=1", "total"),
    ("refugee-caseload-list", "status=final,draft", "status"),
    ("refugee-breakdown-list", "year=abc", "year"),
    ("refugee-breakdown-list", "year=2101", "year"),
    ("refugee-breakdown-list", "dimension=" + "x" * 51, "dimension"),
    ("refugee-breakdown-list", "group=a", "group"),
    ("budget-list", "fiscal_year=abc", "fiscal_year"),
    ("budget-list", "fiscal_year=99999", "fiscal_year"),
    ("budget-list", "year=2017", "year"),
    ("budget-list", "status=", "status"),
    ("budget-detail", "fiscal_year=2017", "fiscal_year"),
    ("budget-category-list", "fiscal_year=1800", "fiscal_year"),
    ("budget-category-list", "fiscal_year=x", "fiscal_year"),
    ("budget-category-list", "parent=" + "p" * 61, "parent"),
    ("area-list", "level=city", "level"),
    ("area-list", "code=07", "code"),
    ("area-list", "offset=-1", "offset"),
    ("area-list", "lang=es", "lang"),
    ("area-detail", "level=country", "level"),
    ("location-list", "city=Mayen", "city"),
    ("location-list", "limit=x", "limit"),
    ("location-list", "format=kml", "format"),
    ("location-detail", "limit=1", "limit"),
    ("source-list", "publisher=x", "publisher"),
    ("source-list", "limit=-1", "limit"),
    ("source-detail", "x=1", "x"),
    *[
        (name, query, parameter)
        for name in ("change-list", "change-feed")
        for query, parameter in [
            ("since=yesterday", "since"),
            ("since=2026-02-30", "since"),
            ("since=3000-01-01", "since"),
            ("resource=users", "resource"),
            ("as_of=2026-13-01", "as_of"),
            ("user=editor", "user"),
        ]
    ],
]

#: Asked of every API endpoint (tests/endpoints.py): (query, the parameter the 400 names).
BAD_ON_EVERY_ENDPOINT: list[tuple[str, str]] = [
    ("yaer=2016", "yaer"),
    ("lang=fr", "lang"),
    ("format=xml", "format"),
    ("format=pdf", "format"),
]

#: Bad `as_of` values, asked of every endpoint that serves vintages.
BAD_AS_OF: list[str] = ["2026-02-30", "yesterday", "20260110", "1800-01-01"]
