"""Data quality: batches per district, rows read / loaded / rejected, rejected rows to fix."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import geothai
import polars as pl
from dash import Input, Output, State, callback, dcc, html

from dashboard import context, exports, i18n
from dashboard.components import message, table
from dashboard.urls import params_of, with_params
from warehouse import queries

dash.register_page(__name__, path="/quality", name="Data quality", order=4)

DISTRICT = "quality-district"
DOWNLOAD = "quality-download"
DOWNLOAD_BUTTON = "quality-download-button"
SHOWN_ROWS = 500  # the workbook download holds them all


def layout(district: str | None = None, lang: str | None = None, **query: str) -> html.Div:
    """Batches of the province; a district's rejected rows when the user may see them."""
    lang = i18n.lang_of(lang)
    scope, home = context.scope(), context.home()
    province = queries.chosen_province(home, scope, query.get("province"))
    if province is None:
        return message(i18n.t("no_data", lang))
    district = district or scope.district_code
    batches = queries.batches(home, scope, province)
    shown = batches.with_columns(
        pl.col("district_code").map_elements(lambda c: i18n.district_name(c, lang), return_dtype=pl.String).alias("district"),
        pl.col("finished_at").map_elements(lambda d: i18n.day(d, lang), return_dtype=pl.String).alias("finished"),
    ) if not batches.is_empty() else batches
    batch_columns = [("district", i18n.t("district", lang)), ("finished", i18n.t("last_loaded", lang)), ("status", i18n.t("status", lang)),
                     ("rows_read", i18n.t("rows_read", lang)), ("rows_loaded", i18n.t("rows_loaded", lang)), ("rows_rejected", i18n.t("rows_rejected", lang)), ("message", i18n.t("message", lang))]
    options = [{"label": d.name_en if lang == "en" else d.name_th, "value": d.code} for d in geothai.districts(province) if scope.may_read_records(d.code)]
    rejected = queries.rejected(home, scope, district) if district else pl.DataFrame()
    rejected_part: object = message(i18n.t("records_hidden", lang) if district and not scope.may_read_records(district) else i18n.t("no_data", lang))
    if not rejected.is_empty():
        rejected_part = table("quality-rejected", rejected.head(SHOWN_ROWS).with_columns(pl.col("message_en" if lang == "en" else "message_th").alias("message")), _rejected_columns(lang))
    return html.Div(
        [
            html.H1(f"{i18n.t('quality', lang)} · {i18n.province_name(province, lang)}", className="h3 mb-3"),
            dbc.Card(dbc.CardBody([html.H2(i18n.t("batches", lang), className="h6"), table("quality-batches", shown, batch_columns) if not shown.is_empty() else message(i18n.t("no_data", lang))]), className="mb-3"),
            dbc.Card(
                dbc.CardBody(
                    [
                        html.H2(i18n.t("rejected", lang), className="h6"),
                        dbc.Row(
                            [
                                dbc.Col(dcc.Dropdown(id=DISTRICT, options=options, value=district if any(o["value"] == district for o in options) else None, placeholder=i18n.t("choose_district", lang)), md=4),
                                dbc.Col(dbc.Button(i18n.t("download", lang), id=DOWNLOAD_BUTTON, color="secondary", size="sm"), md=2),
                            ],
                            className="mb-2",
                        ),
                        dcc.Download(id=DOWNLOAD),
                        rejected_part,
                    ]
                )
            ),
        ]
    )


def _rejected_columns(lang: str) -> list[tuple[str, str]]:
    return [("source", i18n.t("source", lang)), ("sheet", i18n.t("sheet", lang)), ("row_number", i18n.t("row", lang)), ("column_name", i18n.t("column", lang)),
            ("raw_value", i18n.t("value", lang)), ("reason_code", i18n.t("reason", lang)), ("message", i18n.t("message", lang))]


@callback(
    Output(DOWNLOAD, "data"),
    Input(DOWNLOAD_BUTTON, "n_clicks"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def download(_clicks: int | None, search: str | None) -> dict[str, object] | None:
    """The district's rejected rows as a workbook it can fix; audited."""
    params = params_of(search)
    scope, home = context.scope(), context.home()
    district = params.get("district") or scope.district_code
    if not district:
        return None
    lang = i18n.lang_of(params.get("lang"))
    frame = queries.rejected(home, scope, district)
    if frame.is_empty():
        return None
    frame = frame.with_columns(pl.col("message_en" if lang == "en" else "message_th").alias("message"))
    context.audit_as_user(f"export rejected_rows {district} {frame.height} rows")
    columns = [{"field": f, "headerName": h} for f, h in _rejected_columns(lang)]
    return dcc.send_bytes(exports.workbook(frame.to_dicts(), columns, "rejected"), f"tonbaeb-rejected-{district}.xlsx")


@callback(
    Output("_pages_location", "search", allow_duplicate=True),
    Input(DISTRICT, "value"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def choose_district(district: str | None, search: str | None) -> str:
    """The chosen district goes into the URL."""
    return with_params(search, district=district)
