//! The app as deployed, on loopback: the release build in its own folder,
//! served by Debian's nginx with the production template of `deploy/nginx`
//! in front of a sandbox. Dropping the [`Site`] stops nginx and the sandbox.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::procs::{wait_for_http, Service};
use crate::project::{command, is_root, root, run_step};
use crate::release::{self, Kind};
use crate::sandbox::{self, Sandbox};

/// The release build served by nginx in front of a sandbox, on free loopback ports.
pub struct Site {
    /// e.g. `http://127.0.0.1:41234`
    pub app_url: String,
    /// e.g. `http://127.0.0.1:41235`: the sandbox, without `/api/3`.
    pub sandbox_url: String,
    /// The token the sandbox accepts.
    pub token: String,
    /// The release build being served.
    pub dist: PathBuf,
    /// Lean, or the plain fallback.
    pub build: Kind,
    _sandbox: Sandbox,
    _nginx: Service,
}

/// Builds the release into `target/{name}/dist` and the sandbox, then starts
/// both behind nginx. Each user has its own folder, because `dist/` belongs to
/// whoever runs `trunk serve` and would change under a test's feet.
pub fn start_site(name: &str, action_delay_ms: u32) -> Result<Site, String> {
    let work = root().join("target").join(name);
    let dist = work.join("dist");
    let build = release::build(&dist)?;
    sandbox::build()?;
    let sandbox = sandbox::start("127.0.0.1:0", action_delay_ms)?;
    let app_addr = format!("127.0.0.1:{}", free_port()?);
    let nginx = start_nginx(&work.join("nginx"), &dist, &app_addr, &sandbox.origin)?;
    Ok(Site {
        app_url: format!("http://{app_addr}"),
        sandbox_url: sandbox.origin.clone(),
        token: sandbox.token.clone(),
        dist,
        build,
        _sandbox: sandbox,
        _nginx: nginx,
    })
}

/// Starts Debian's nginx with the production template of `deploy/nginx`,
/// rendered for this machine: a scratch prefix, a loopback port, the sandbox
/// as the API upstream.
fn start_nginx(
    prefix: &Path,
    dist: &Path,
    listen: &str,
    upstream: &str,
) -> Result<Service, String> {
    for sub in ["", "tmp"] {
        std::fs::create_dir_all(prefix.join(sub))
            .map_err(|e| format!("cannot create {}: {e}", prefix.display()))?;
    }
    let conf_dir = root().join("deploy/nginx");
    let template = std::fs::read_to_string(conf_dir.join("jobdeck.conf.template"))
        .map_err(|e| format!("cannot read the nginx template: {e}"))?;
    let site = render_template(
        &template,
        &[
            ("JOBDECK_LISTEN", listen),
            ("JOBDECK_ROOT", &dist.to_string_lossy()),
            ("JOBDECK_API_UPSTREAM", upstream),
            ("JOBDECK_CONF_DIR", &conf_dir.to_string_lossy()),
        ],
    );
    write(&prefix.join("jobdeck.conf"), &site)?;
    let p = prefix.display();
    // As root, nginx's workers would run as `nobody`, who may not be allowed
    // into the checkout (a CI clone can sit in a private folder): keep them root.
    let user = if is_root() { "user root;\n" } else { "" };
    let main = format!(
        "{user}daemon off;\nworker_processes 1;\npid {p}/nginx.pid;\nerror_log {p}/error.log warn;\n\
         load_module /usr/lib/nginx/modules/ngx_http_brotli_static_module.so;\n\
         events {{ worker_connections 512; }}\n\
         http {{\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n\
         access_log {p}/access.log;\n  client_body_temp_path {p}/tmp/body;\n  proxy_temp_path {p}/tmp/proxy;\n\
         fastcgi_temp_path {p}/tmp/fastcgi;\n  uwsgi_temp_path {p}/tmp/uwsgi;\n  scgi_temp_path {p}/tmp/scgi;\n\
         sendfile on;\n  include {p}/jobdeck.conf;\n}}\n"
    );
    write(&prefix.join("nginx.conf"), &main)?;
    let nginx_with_our_files = || {
        let mut cmd = command("nginx");
        cmd.arg("-p").arg(prefix);
        cmd.arg("-e").arg(prefix.join("error.log"));
        cmd.arg("-c").arg(prefix.join("nginx.conf"));
        cmd
    };
    // Check the configuration first, so a mistake reads as nginx's own message.
    run_step(nginx_with_our_files().arg("-t").arg("-q"))?;
    let nginx = Service::start("nginx", &mut nginx_with_our_files())?;
    wait_for_http(listen, "/", Duration::from_secs(10))?;
    Ok(nginx)
}

/// Replaces `${NAME}` for each given name, leaving nginx's own `$vars` alone.
fn render_template(template: &str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(template.to_string(), |text, (name, value)| {
            text.replace(&format!("${{{name}}}"), value)
        })
}

fn write(path: &PathBuf, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free port: {e}"))?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::render_template;

    #[test]
    fn renders_only_the_named_settings() {
        let out = render_template(
            "listen ${JOBDECK_LISTEN}; proxy_set_header X $proxy_add_x_forwarded_for; ${OTHER}",
            &[("JOBDECK_LISTEN", "127.0.0.1:80")],
        );
        assert_eq!(
            out,
            "listen 127.0.0.1:80; proxy_set_header X $proxy_add_x_forwarded_for; ${OTHER}"
        );
    }
}
