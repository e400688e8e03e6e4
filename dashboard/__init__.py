"""The tonbaeb dashboard (Plotly Dash), served behind the accounts layer."""
