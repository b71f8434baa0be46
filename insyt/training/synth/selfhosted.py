"""What self-hosted web applications ask of their own server, app by app.

The routes are the everyday traffic that generic web detectors misread:
JSON APIs with every method, WebDAV, websockets answered 101, cache-busted
assets, previews and media ranges, migrations and upgrade scripts fetched by
the app itself, ``GET /`` redirected to a login page.  ``inject`` are the
routes whose parameters an attacker would fill with a payload, and ``agents``
the app's own clients (sync clients, mobile apps) beside browsers.
"""

from __future__ import annotations

from dataclasses import dataclass

Route = tuple[str, str, tuple[int, ...]]  # method, path template, statuses


@dataclass(frozen=True, slots=True)
class Site:
    name: str
    hosts: tuple[str, ...]  # the names it is published under, before the domain
    routes: tuple[Route, ...]
    inject: tuple[str, ...]
    agents: tuple[str, ...] = ()
    wordpress: bool = False


OK = (200,)
CACHED = (200, 200, 304)
REDIRECT = (302, 301, 302)

NEXTCLOUD = Site(
    "nextcloud",
    ("cloud", "nc", "files", "drive"),
    (
        ("GET", "/", (302,)),
        ("GET", "/login", OK),
        ("POST", "/login", (303,)),
        ("GET", "/index.php/apps/files/?dir=/{word}&fileid={int:100-99999}", OK),
        ("PROPFIND", "/remote.php/dav/files/{user}/{word}/", (207,)),
        ("PROPFIND", "/remote.php/dav/files/{user}/", (207, 207, 401)),
        ("PUT", "/remote.php/dav/files/{user}/{word}/{word2}.{pick:jpg|pdf|docx|md}", (201, 204)),
        ("MOVE", "/remote.php/dav/uploads/{user}/{int:1000000-9999999}/.file", (201,)),
        ("GET", "/remote.php/dav/avatars/{user}/{pick:64|145|512}.png", CACHED),
        ("GET", "/ocs/v2.php/apps/notifications/api/v2/notifications?format=json", CACHED),
        ("GET", "/ocs/v2.php/apps/user_status/api/v1/user_status?format=json", OK),
        ("GET", "/ocs/v2.php/cloud/capabilities?format=json", OK),
        (
            "GET",
            "/index.php/core/preview?fileId={int:100-99999}&x=250&y=250&a=true&v={hex:12}",
            CACHED,
        ),
        (
            "GET",
            "/core/js/{pick:oc|files_fileinfo|merged-template-prepend}.js?v={hex:8}-{int:0-9}",
            CACHED,
        ),
        ("GET", "/dist/core-{pick:main|common|files_client|unified-search}.js?v={hex:8}", CACHED),
        ("GET", "/apps/theming/css/default.css?v={hex:8}-{int:1-9}", CACHED),
        ("GET", "/core/img/favicon.ico", CACHED),
        ("GET", "/status.php", OK),
        ("GET", "/index.php/csrftoken", OK),
        ("POST", "/index.php/apps/text/session/{int:1-9999}/sync", OK),
        ("GET", "/index.php/apps/dashboard/", OK),
        ("GET", "/index.php/settings/ajax/checksetup", OK),
        ("GET", "/apps/files/js/{pick:files|merged-index|upload}.js?v={hex:8}-{int:1-40}", CACHED),
        ("GET", "/index.php/heartbeat", OK),
        ("GET", "/cron.php", OK),
        ("GET", "/index.php/204", (204,)),
        ("GET", "/ocs/v2.php/core/navigation/apps?absolute=true&format=json", OK),
        ("POST", "/ocs/v2.php/apps/text/workspace?format=json", OK),
        ("GET", "/.well-known/caldav", (301,)),
        ("GET", "/.well-known/carddav", (301,)),
        ("GET", "/index.php/apps/files/api/v1/stats", OK),
    ),
    (
        "/index.php/apps/files/?dir=",
        "/ocs/v2.php/search/providers/files/search?term=",
        "/index.php/core/preview?fileId=",
        "/remote.php/dav/files/{user}/",
    ),
    (
        "Mozilla/5.0 (Linux) mirall/3.{int:9-13}.{int:0-4} (Nextcloud, ubuntu-6.5.0-{int:14-40}-"
        "generic ClientArchitecture: x86_64 OsArchitecture: x86_64)",
        "Mozilla/5.0 (Android) Nextcloud-android/3.{int:24-29}.{int:0-3}",
        "Mozilla/5.0 (iOS) Nextcloud-iOS/5.{int:0-3}.{int:0-9}",
        "DavX5/4.{int:3-4}.{int:0-9}-ose (dav4jvm; okhttp/4.12.0) Android/14",
    ),
)
GITEA = Site(
    "gitea",
    ("git", "gitea", "code"),
    (
        ("GET", "/", OK),
        ("GET", "/user/login?redirect_to=%2f{word}", OK),
        ("POST", "/user/login", (303,)),
        ("GET", "/{user}/{word}", OK),
        (
            "GET",
            "/{user}/{word}/src/branch/{pick:main|master|develop}/{word2}.{pick:go|py|md|ts}",
            OK,
        ),
        ("GET", "/{user}/{word}/commits/branch/main", OK),
        ("GET", "/{user}/{word}/pulls/{int:1-400}/files", OK),
        ("GET", "/{user}/{word}.git/info/refs?service=git-upload-pack", OK),
        ("POST", "/{user}/{word}.git/git-upload-pack", OK),
        ("POST", "/{user}/{word}.git/git-receive-pack", OK),
        ("GET", "/api/v1/repos/{user}/{word}/commits?sha=main&limit=30", OK),
        ("GET", "/api/v1/repos/search?q={word}&limit=10", OK),
        ("POST", "/api/v1/repos/{user}/{word}/issues/{int:1-400}/comments", (201,)),
        ("GET", "/api/v1/user", (200, 200, 401)),
        ("POST", "/api/actions/runner.v1.RunnerService/FetchTask", OK),
        ("POST", "/api/actions/runner.v1.RunnerService/UpdateLog", OK),
        ("GET", "/assets/js/index.js?v=1.{int:19-22}.{int:0-4}", CACHED),
        ("GET", "/assets/css/index.css?v=1.{int:19-22}.{int:0-4}", CACHED),
        ("GET", "/avatars/{hex:32}?size={pick:56|84|280}", CACHED),
        ("GET", "/api/healthz", OK),
        ("GET", "/user/events", OK),
        ("GET", "/-/admin/config", OK),
        (
            "GET",
            "/{user}/{word}/releases/download/v{int:0-3}.{int:0-20}.{int:0-9}/{word}.tar.gz",
            (302, 200),
        ),
    ),
    (
        "/explore/repos?q=",
        "/api/v1/repos/search?q=",
        "/{user}/{word}/issues?q=",
        "/{user}/{word}/src/branch/main/",
    ),
    (
        "git/2.{int:30-46}.{int:0-2}",
        "act_runner/v0.2.{int:5-11}",
        "Go-http-client/1.1",
        "Renovate/37.{int:0-300}.0",
    ),
)
HOMEASSISTANT = Site(
    "homeassistant",
    ("ha", "home", "hass"),
    (
        ("GET", "/", REDIRECT),
        (
            "GET",
            "/auth/authorize?response_type=code&redirect_uri=https%3A%2F%2F{site}%2F%3Fauth_callba"
            "ck%3D1&client_id=https%3A%2F%2F{site}%2F&state={hex:43}",
            OK,
        ),
        ("POST", "/auth/login_flow", OK),
        ("POST", "/auth/login_flow/{hex:32}", OK),
        ("POST", "/auth/token", OK),
        ("GET", "/api/websocket", (101,)),
        ("GET", "/api/states", OK),
        ("GET", "/api/states/sensor.{word}_temperature", OK),
        ("POST", "/api/services/light/turn_{pick:on|off}", OK),
        ("POST", "/api/webhook/{hex:64}", OK),
        ("GET", "/frontend_latest/{pick:app|core|authorize}.{hex:16}.js", CACHED),
        ("GET", "/frontend_latest/{hex:16}.js", CACHED),
        ("GET", "/static/icons/favicon-192x192.png", CACHED),
        ("GET", "/manifest.json", OK),
        ("GET", "/lovelace/0", OK),
        ("GET", "/api/camera_proxy/camera.{word}?token={hex:64}", OK),
        ("GET", "/api/hassio/addons/{hex:8}_{word}/info", OK),
        (
            "GET",
            "/local/community/{word}-card/{word}-card.js?hacstag={int:100000000-999999999}",
            CACHED,
        ),
        (
            "GET",
            "/api/history/period/{int:2020-2025}-{int:10-12}-{int:10-28}T00:00:00.000Z?filter_enti"
            "ty_id=sensor.{word}",
            OK,
        ),
        ("GET", "/api/", OK),
    ),
    (
        "/api/history/period?filter_entity_id=",
        "/api/template?template=",
        "/auth/authorize?redirect_uri=",
    ),
    (
        "Home Assistant/2024.{int:1-12}.{int:0-4} (io.robbie.HomeAssistant; build:{int:2024000-202"
        "4999}; iOS 17.{int:0-5}.{int:0-2}) Alamofire/5.8.0",
        "HomeAssistant/Android 2024.{int:1-12}.{int:1-9}-full (Android 14; SM-S918B)",
        "HomeAssistant/2024.{int:1-12}.{int:0-4} aiohttp/3.9.{int:0-5} Python/3.12",
    ),
)
GRAFANA = Site(
    "grafana",
    ("grafana", "dash", "metrics"),
    (
        ("GET", "/", REDIRECT),
        ("GET", "/login", OK),
        ("POST", "/login", OK),
        ("GET", "/api/dashboards/uid/{hex:9}", OK),
        ("POST", "/api/ds/query?ds_type=prometheus&requestId=Q{int:100-999}", OK),
        ("GET", "/api/live/ws", (101,)),
        ("GET", "/api/search?query=&starred=false&limit=50", OK),
        ("POST", "/api/frontend-metrics", (200,)),
        ("POST", "/api/user/auth-tokens/rotate", OK),
        (
            "GET",
            "/api/annotations?from={int:1700000000000-1800000000000}&to={int:1700000000000-1800000"
            "000000}&limit=100&matchAny=false&dashboardUID={hex:9}",
            OK,
        ),
        ("GET", "/public/build/{pick:app|runtime|vendors}.{hex:20}.js", CACHED),
        ("GET", "/public/fonts/inter/Inter-{pick:Regular|Medium}.woff2", CACHED),
        ("GET", "/avatar/{hex:32}", CACHED),
        ("GET", "/api/health", OK),
        ("GET", "/api/prometheus/grafana/api/v1/rules", OK),
        ("GET", "/d/{hex:9}/{word}-{word2}?orgId=1&refresh=30s", OK),
        ("GET", "/api/plugins/{pick:grafana-piechart-panel|grafana-clock-panel}/settings", OK),
    ),
    (
        "/api/search?query=",
        "/d/{hex:9}/{word}?var-host=",
        "/api/datasources/proxy/1/api/v1/query?query=",
    ),
    ("Grafana/10.{int:0-4}.{int:0-9}", "Prometheus/2.{int:40-53}.0"),
)
JELLYFIN = Site(
    "jellyfin",
    ("media", "jellyfin", "tv"),
    (
        ("GET", "/", REDIRECT),
        ("GET", "/web/index.html", OK),
        ("GET", "/web/main.jellyfin.bundle.js?{hex:20}", CACHED),
        ("GET", "/System/Info/Public", OK),
        ("POST", "/Users/AuthenticateByName", OK),
        (
            "GET",
            "/Users/{hex:32}/Items?SortBy=DateCreated&SortOrder=Descending&IncludeItemTypes=Movie&"
            "Recursive=true&Limit=16&Fields=PrimaryImageAspectRatio&ParentId={hex:32}",
            OK,
        ),
        (
            "GET",
            "/Items/{hex:32}/Images/Primary?fillHeight={int:200-400}&fillWidth={int:140-300}&quali"
            "ty=96&tag={hex:32}",
            CACHED,
        ),
        ("POST", "/Sessions/Playing/Progress", (204,)),
        ("POST", "/Sessions/Capabilities/Full", (204,)),
        ("GET", "/socket?api_key={hex:32}&deviceId={hex:24}", (101,)),
        (
            "GET",
            "/videos/{hex:32}/hls1/main/{int:0-900}.ts?DeviceId={hex:24}&MediaSourceId={hex:32}",
            OK,
        ),
        ("GET", "/Videos/{hex:32}/stream.mkv?Static=true&mediaSourceId={hex:32}", (206, 200)),
        ("GET", "/Audio/{hex:32}/universal?UserId={hex:32}&Container=opus,mp3", (206,)),
        ("GET", "/Shows/NextUp?Limit=24&Fields=PrimaryImageAspectRatio&UserId={hex:32}", OK),
        ("GET", "/health", OK),
    ),
    (
        "/Items?searchTerm=",
        "/Users/{hex:32}/Items?SearchTerm=",
        "/Videos/{hex:32}/stream?mediaSourceId=",
    ),
    (
        "Jellyfin-Media-Player/1.{int:9-11}.{int:0-2}",
        "Dalvik/2.1.0 (Linux; U; Android 14; Chromecast Build/UTTK.{int:100000-999999})",
        "Infuse-Direct/7.{int:5-8}.{int:0-9}",
        "Swiftfin/1.{int:0-3} (iOS 17.{int:0-5})",
    ),
)
WORDPRESS = Site(
    "wordpress",
    ("www", "blog", ""),
    (
        ("GET", "/", OK),
        ("GET", "/{pathword}/", OK),
        ("GET", "/{int:2015-2025}/{int:10-12}/{word}-{word2}/", OK),
        ("GET", "/wp-login.php", OK),
        ("POST", "/wp-login.php", (302,)),
        ("GET", "/wp-admin/", (200, 302)),
        ("POST", "/wp-admin/admin-ajax.php", OK),
        ("GET", "/wp-json/wp/v2/posts?per_page=10&page={int:1-9}", OK),
        ("GET", "/wp-json/wp/v2/pages/{int:1-900}?context=edit&_locale=user", OK),
        ("POST", "/wp-json/wp/v2/posts/{int:1-900}/autosaves?_locale=user", OK),
        ("GET", "/wp-content/themes/{word}/style.css?ver=6.{int:0-6}.{int:0-4}", CACHED),
        ("GET", "/wp-includes/js/jquery/jquery.min.js?ver=3.7.{int:0-1}", CACHED),
        (
            "GET",
            "/wp-content/plugins/{word}/assets/{word2}.min.js?ver={int:1-9}.{int:0-9}.{int:0-9}",
            CACHED,
        ),
        (
            "GET",
            "/wp-content/uploads/{int:2015-2025}/{int:10-12}/{word}-{int:150-1920}x{int:150-1080}."
            "webp",
            CACHED,
        ),
        (
            "POST",
            "/wp-cron.php?doing_wp_cron={int:1600000000-1800000000}.{int:1000000000-9999999999}",
            OK,
        ),
        ("GET", "/feed/", CACHED),
        ("GET", "/sitemap_index.xml", OK),
        ("GET", "/wp-admin/upgrade.php?step=1", OK),
        ("GET", "/wp-admin/update-core.php", OK),
    ),
    ("/?s=", "/?p=", "/wp-json/wp/v2/search?search=", "/wp-admin/admin-ajax.php?action={word}&id="),
    ("WordPress/6.{int:0-6}.{int:0-4}; https://{site}", "Jetpack by WordPress.com"),
    wordpress=True,
)
WEBAPP = Site(
    "webapp",
    ("app", "api", "portal", "crm"),
    (
        ("GET", "/", REDIRECT),
        ("GET", "/accounts/login/?next=/{pathword}/", OK),
        ("POST", "/accounts/login/?next=/{pathword}/", (302,)),
        ("GET", "/admin/", (200, 302)),
        ("GET", "/admin/{word}/{word2}/?o=-1&p={int:1-40}", OK),
        (
            "GET",
            "/api/v1/{pick:projects|orders|items|tasks|invoices}/?page={int:1-40}&page_size=50",
            OK,
        ),
        ("GET", "/api/v1/{pick:projects|orders|items|tasks}/{int:1-99999}/", (200, 200, 404)),
        ("POST", "/api/v1/{pick:projects|orders|items|tasks}/", (201, 400)),
        ("PUT", "/api/v1/{pick:projects|orders|items|tasks}/{int:1-99999}/", (200, 409)),
        ("PATCH", "/api/v1/{pick:projects|orders|items}/{int:1-99999}", OK),
        ("DELETE", "/api/v1/{pick:projects|orders|items|tasks}/{int:1-99999}", (204,)),
        ("POST", "/graphql", OK),
        ("GET", "/graphql?query=%7B{word}%7Bid%7D%7D", OK),
        ("GET", "/static/js/main.{hex:8}.js", CACHED),
        ("GET", "/static/css/main.{hex:8}.css", CACHED),
        ("GET", "/static/admin/css/{pick:base|dashboard|changelists}.css", CACHED),
        ("GET", "/assets/application-{hex:64}.js", CACHED),
        ("GET", "/static/js/{int:100-999}.{hex:8}.chunk.js", CACHED),
        ("GET", "/_next/static/chunks/pages/{word}-{hex:16}.js", CACHED),
        ("GET", "/_app/immutable/chunks/migrations.{hex:8}.js", CACHED),
        ("GET", "/api/v1/migrations/status", OK),
        ("POST", "/api/v1/migrations/{int:1-60}/apply", OK),
        (
            "GET",
            "/static/migrations/{int:1-60}_{word}.json?v={int:1-9}.{int:0-20}.{int:0-9}",
            CACHED,
        ),
        ("GET", "/media/uploads/{int:2020-2025}/{word}.{pick:png|jpg|pdf}", CACHED),
        ("GET", "/rails/active_storage/blobs/redirect/{hex:30}/{word}.png", (302,)),
        ("GET", "/cable", (101,)),
        ("GET", "/ws/{word}/?token={hex:40}", (101,)),
        ("GET", "/socket.io/?EIO=4&transport=websocket&sid={hex:20}", (101,)),
        ("GET", "/socket.io/?EIO=4&transport=polling&t={hex:7}", OK),
        ("GET", "/up", OK),
        ("GET", "/healthz", OK),
        ("GET", "/metrics", OK),
        ("OPTIONS", "/api/v1/{pick:projects|orders|items}/", (204,)),
        (
            "GET",
            "/api/v1/events?since={int:1600000000-1800000000}&_={int:1600000000000-1800000000000}",
            OK,
        ),
    ),
    (
        "/api/v1/search?q=",
        "/api/v1/items/?ordering=",
        "/search?q=",
        "/api/v1/reports/export?template=",
    ),
    (
        "python-requests/2.{int:25-32}.{int:0-3}",
        "okhttp/4.{int:9-12}.0",
        "Dart/3.{int:0-5} (dart:io)",
        "axios/1.{int:4-7}.{int:0-9}",
    ),
)
SITES = (NEXTCLOUD, GITEA, HOMEASSISTANT, GRAFANA, JELLYFIN, WORDPRESS, WEBAPP, WEBAPP)

# What every site gets now and then: a cache-busted asset, a browser's own
# side requests (a favicon or touch icon that is not there), robots.txt.
COMMON: tuple[Route, ...] = (
    ("GET", "/favicon.ico", (200, 304, 404)),
    ("GET", "/apple-touch-icon.png", (404,)),
    ("GET", "/apple-touch-icon-precomposed.png", (404,)),
    ("GET", "/robots.txt", (200, 404)),
    ("GET", "/js/{word}.js?v={int:1-9}.{int:0-20}.{int:0-9}", CACHED),
    ("GET", "/css/{word}.css?_={int:1600000000000-1800000000000}", CACHED),
    ("GET", "/{pathword}.json?_={int:1600000000-1800000000}", OK),
    ("GET", "/static/js/app.{hex:4}.js", CACHED),
    ("GET", "/.well-known/acme-challenge/{hex:43}", OK),
    ("GET", "/site.webmanifest", (200, 404)),
)
