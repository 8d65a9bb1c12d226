//! `check --server FILE` and `--server-entry`: the server's answers in the
//! scenario format's `server` entries.

use std::path::Path;

use xorigin::http::headers;
use xorigin::scenario::ServerEntry;

/// The entries of a `--server` file: a JSON array of server entries, or a
/// scenario (an object) whose `server` array is used. Unknown fields are an
/// error, as in a scenario.
pub fn load_entries(path: &Path) -> Result<Vec<ServerEntry>, String> {
    let at = |e: String| format!("--server {}: {e}", path.display());
    let text = std::fs::read_to_string(path).map_err(|e| at(e.to_string()))?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| at(e.to_string()))?;
    let (array, prefix) = match value {
        serde_json::Value::Object(mut map) => (
            map.remove("server")
                .ok_or_else(|| at("an object without a `server` array".to_owned()))?,
            "server",
        ),
        other => (other, ""),
    };
    let entries: Vec<ServerEntry> = serde_path_to_error::deserialize(array)
        .map_err(|e| at(format!("at {prefix}{}: {}", e.path(), e.inner())))?;
    for (i, entry) in entries.iter().enumerate() {
        if let Some(key) = entry.extra.keys().next() {
            return Err(at(format!(
                "at {prefix}[{i}].{key}: unknown field {key:?} (known: method, url, status, headers, body, address_space, ip)"
            )));
        }
    }
    Ok(entries)
}

/// Parses one `--server-entry`: `METHOD URL STATUS`, then ` | Name: value`
/// for each header.
pub fn parse_entry(arg: &str) -> Result<ServerEntry, String> {
    let bad = |why: &str| {
        format!("--server-entry {arg:?}: {why} (expected 'METHOD URL STATUS | Name: value | ...')")
    };
    let mut parts = arg.split(" | ");
    let head: Vec<&str> = parts.next().unwrap_or("").split_whitespace().collect();
    let [method, url, status] = head.as_slice() else {
        return Err(bad("the first part must be the method, URL and status"));
    };
    let status: u16 = status
        .parse()
        .ok()
        .filter(|s| (100..=999).contains(s))
        .ok_or_else(|| bad(&format!("{status:?} is not a status (100-999)")))?;
    if !xorigin::http::method::is_method(method) {
        return Err(bad(&format!("{method:?} is not a method")));
    }
    let url = url::Url::parse(url)
        .map_err(|e| bad(&format!("{url:?} is not an absolute URL: {e}")))?
        .to_string();
    let mut header_list = Vec::new();
    for part in parts {
        let Some((name, value)) = part.split_once(':') else {
            return Err(bad(&format!("{part:?} is not a 'Name: value' header")));
        };
        let (name, value) = (name.trim(), value.trim_matches([' ', '\t']));
        if !headers::is_header_name(name.as_bytes()) || !headers::is_header_value(value.as_bytes())
        {
            return Err(bad(&format!("{part:?} is not a valid header")));
        }
        header_list.push((name.to_owned(), value.to_owned()));
    }
    Ok(ServerEntry {
        method: method.to_string(),
        url,
        status,
        headers: header_list,
        body: None,
        body_base64: None,
        address_space: None,
        ip: None,
        extra: serde_json::Map::new(),
    })
}
