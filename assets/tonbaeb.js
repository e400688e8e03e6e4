// Clientside callbacks of the dashboard (served from this server: the CSP allows 'self' scripts only).
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  tonbaeb: {
    // The phone's navbar menu: each tap on the toggler opens or closes it.
    toggle: function (clicks, open) { return clicks ? !open : open; },
    // The leaderboard's sort into the URL ("-score,name"), as dashboard/pages/leaderboard/__init__.py sort_text
    // writes it; the server checks every column it reads back.
    keepSort: function (request, search, state) {
      var model = (request && Array.isArray(request.sortModel)) ? request.sortModel : [];
      var wanted = model
        .filter(function (s) { return s && typeof s.colId === "string" && (s.sort === "asc" || s.sort === "desc"); })
        .slice(0, 4)
        .map(function (s) { return (s.sort === "desc" ? "-" : "") + s.colId; })
        .join(",") || null;
      if (wanted === ((state && state.sort) || null)) { return window.dash_clientside.no_update; }
      var params = new URLSearchParams(search || "");
      if (wanted) { params.set("sort", wanted); } else { params.delete("sort"); }
      var text = params.toString();
      return text ? "?" + text : "";
    },
  },
});
