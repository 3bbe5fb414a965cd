"""The page around a session, as the virtual sites serve it: head with two <title>s and a
script naming the cards, skip links and navigation, the hidden page-load footer."""

HEAD = """<head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1, shrink-to-fit=no">
    {conference_title}
    <link rel="stylesheet" href="/static/core/css/core.css" type="text/css">
    <script src="/static/virtual/js/virtual.js"></script>
    <title>Track: {session_title}</title>
    <script>
        // Poster filters: this text names ".track-schedule-card" and is never data.
        function clearFilteredPosters() {{
            document.querySelectorAll('.track-schedule-card').forEach((x) => {{
                x.style.display = 'block';
            }});
        }}
    </script>
</head>"""

NAV = """<a href="#yearly-menu" class="visually-hidden-focusable">Skip to yearly menu bar</a>
<a href="#main" class="visually-hidden-focusable">Skip to main content</a>
<nav class="navbar navbar-expand-lg" id="yearly-menu" aria-label="Main Navigation">
    <a class="navbar-brand" href="/">{name}</a>
    <ul class="navbar-nav">
        <li class="nav-item"><a class="nav-link" href="/virtual/{year}/calendar">Calendar</a></li>
        <li class="nav-item"><a class="nav-link" href="/virtual/{year}/papers.html">Papers</a></li>
        <li class="nav-item"><a class="nav-link" href="/FAQ">Help/FAQ</a></li>
    </ul>{banner}
</nav>"""

COOKIE_BANNER = """<div id="cookie-consent" class="cookie-banner fixed-bottom">
    <p>We use cookies to store which papers you have visited and your preferences.</p>
    <button class="btn btn-primary" onclick="acceptCookies()">Accept</button>
</div>"""

PAGE = """<!DOCTYPE html>
<html lang="en" style="scroll-padding-top: 70px;">
{head}
<body>
{nav}
<main id="main" class="container">
<div class="row">
<div class="col-12">
{header}
<div class="track-schedule-container">
{cards}
</div>
</div>
</div>
</main>
{cookies}
<div id="successful-page-load" class="hidden">Successful Page Load</div>
</body>
</html>
"""
