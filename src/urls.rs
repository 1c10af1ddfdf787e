//! The URL policy: which addresses a hub may publish. Web, mail and phone addresses go out as
//! written; addresses that would run a script are refused everywhere; pictures and pages come
//! from the hub itself, never from another host, so that readers stay private.

/// True for URLs that would run script when followed (`javascript:`, `vbscript:`, `data:`).
pub fn is_script_url(url: &str) -> bool {
    let compact: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(11)
        .collect::<String>()
        .to_ascii_lowercase();
    compact.starts_with("javascript:")
        || compact.starts_with("vbscript:")
        || compact.starts_with("data:")
}

/// Accepts web, mail and phone addresses; refuses script URLs and relative paths.
pub fn check_external(url: &str) -> Result<(), String> {
    let url = url.trim();
    if is_script_url(url) {
        return Err(format!("`{url}` would run a script and is not published"));
    }
    match url::Url::parse(url) {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") && parsed.host().is_some() => {
            Ok(())
        }
        Ok(parsed) if matches!(parsed.scheme(), "mailto" | "tel") => Ok(()),
        _ => Err(format!("`{url}` is not a full web address")),
    }
}

/// True for an address on another host (`https://…`, `//host/…`): the default theme loads
/// nothing from one.
pub fn is_on_another_site(address: &str) -> bool {
    address.contains("://") || address.starts_with("//")
}

/// `/events/old/` -> `events/old/`; `None` for addresses that are not site paths.
pub fn alias_path(alias: &str) -> Option<String> {
    let trimmed = alias.trim().trim_start_matches('/');
    if alias.contains("://") || trimmed.is_empty() || trimmed.split('/').any(|s| s == "..") {
        return None;
    }
    Some(if trimmed.ends_with(".html") || trimmed.ends_with('/') {
        trimmed.to_string()
    } else {
        format!("{trimmed}/")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_become_site_paths() {
        assert_eq!(alias_path("/events/old"), Some("events/old/".into()));
        assert_eq!(alias_path("old.html"), Some("old.html".into()));
        assert_eq!(alias_path("https://elsewhere.example/"), None);
        assert_eq!(alias_path("/../etc/"), None);
    }

    #[test]
    fn external_urls_must_be_full_addresses() {
        assert!(check_external("https://example.org/a").is_ok());
        assert!(check_external("mailto:a@example.org").is_ok());
        assert!(check_external("javascript:alert(1)").is_err());
        assert!(check_external("example.org").is_err());
    }

    #[test]
    fn script_urls_are_recognised() {
        assert!(is_script_url("javascript:alert(1)"));
        assert!(is_script_url(" JaVa\tScRiPt:alert(1)"));
        assert!(!is_script_url("https://example.org/javascript:"));
    }
}
