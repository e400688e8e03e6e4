// Clientside callbacks of the dashboard (served from this server: the CSP allows 'self' scripts only).
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  tonbaeb: {
    // The phone's navbar menu: each tap on the toggler opens or closes it.
    toggle: function (clicks, open) { return clicks ? !open : open; },
  },
});
