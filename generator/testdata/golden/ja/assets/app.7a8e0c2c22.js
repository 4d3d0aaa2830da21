copy of themes/default/static/app.js (render.Lean)
