//! A minimal Chrome DevTools Protocol client over one websocket, with
//! flattened sessions: commands get their answer by id; events go to a
//! queue the driver reads.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::sync::{mpsc, oneshot};
use tokio_tungstenite::tungstenite::Message;

type Pending = Arc<Mutex<HashMap<u64, oneshot::Sender<Result<Value, CdpError>>>>>;

/// A protocol event.
#[derive(Clone, Debug)]
pub struct Event {
    /// e.g. `Log.entryAdded`.
    pub method: String,
    /// The flattened session it belongs to; `None` for the browser.
    pub session_id: Option<String>,
    /// Its parameters.
    pub params: Value,
}

/// Errors talking to the browser.
#[derive(Debug, Clone)]
pub enum CdpError {
    /// The websocket could not be opened.
    Connect(String),
    /// The connection closed (the browser exited or crashed).
    Closed,
    /// The browser did not answer in time.
    Timeout(String),
    /// The browser answered with an error.
    Protocol(String, String),
}

impl std::fmt::Display for CdpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CdpError::Connect(e) => write!(f, "cannot connect to the DevTools websocket: {e}"),
            CdpError::Closed => write!(f, "the DevTools connection closed (browser gone)"),
            CdpError::Timeout(m) => write!(f, "no answer to {m} in time"),
            CdpError::Protocol(m, e) => write!(f, "{m} failed: {e}"),
        }
    }
}

impl std::error::Error for CdpError {}

/// One connection to a browser.
pub struct Cdp {
    out: mpsc::UnboundedSender<Message>,
    pending: Pending,
    next_id: AtomicU64,
    events: tokio::sync::Mutex<mpsc::UnboundedReceiver<Event>>,
}

impl Cdp {
    /// Connects to a browser's DevTools websocket URL.
    pub async fn connect(ws_url: &str) -> Result<Cdp, CdpError> {
        let mut config = tokio_tungstenite::tungstenite::protocol::WebSocketConfig::default();
        config.max_message_size = Some(256 << 20);
        config.max_frame_size = Some(256 << 20);
        let (ws, _) = tokio_tungstenite::connect_async_with_config(ws_url, Some(config), false)
            .await
            .map_err(|e| CdpError::Connect(e.to_string()))?;
        let (mut sink, mut stream) = ws.split();
        let (out_tx, mut out_rx) = mpsc::unbounded_channel::<Message>();
        let (ev_tx, ev_rx) = mpsc::unbounded_channel::<Event>();
        let pending: Pending = Arc::new(Mutex::new(HashMap::new()));
        tokio::spawn(async move {
            while let Some(m) = out_rx.recv().await {
                if sink.send(m).await.is_err() {
                    break;
                }
            }
        });
        let reader_pending = pending.clone();
        tokio::spawn(async move {
            while let Some(Ok(msg)) = stream.next().await {
                let text = match msg {
                    Message::Text(t) => t.to_string(),
                    Message::Binary(b) => String::from_utf8_lossy(&b).into_owned(),
                    Message::Close(_) => break,
                    _ => continue,
                };
                let Ok(v) = serde_json::from_str::<Value>(&text) else {
                    continue;
                };
                if let Some(id) = v.get("id").and_then(Value::as_u64) {
                    let sender = lock(&reader_pending).remove(&id);
                    if let Some(sender) = sender {
                        let result = match v.get("error") {
                            Some(e) => Err(CdpError::Protocol(String::new(), e.to_string())),
                            None => Ok(v.get("result").cloned().unwrap_or(Value::Null)),
                        };
                        let _ = sender.send(result);
                    }
                } else if let Some(method) = v.get("method").and_then(Value::as_str) {
                    let _ = ev_tx.send(Event {
                        method: method.to_string(),
                        session_id: v.get("sessionId").and_then(Value::as_str).map(String::from),
                        params: v.get("params").cloned().unwrap_or(Value::Null),
                    });
                }
            }
            // Fail every waiting command: the browser is gone.
            lock(&reader_pending).clear();
        });
        Ok(Cdp {
            out: out_tx,
            pending,
            next_id: AtomicU64::new(1),
            events: tokio::sync::Mutex::new(ev_rx),
        })
    }

    /// Sends a command and waits (at most `timeout`) for its result.
    pub async fn call(
        &self,
        session: Option<&str>,
        method: &str,
        params: Value,
        timeout: Duration,
    ) -> Result<Value, CdpError> {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let mut msg = json!({ "id": id, "method": method, "params": params });
        if let Some(s) = session {
            msg["sessionId"] = Value::String(s.to_string());
        }
        let (tx, rx) = oneshot::channel();
        lock(&self.pending).insert(id, tx);
        if self.out.send(Message::text(msg.to_string())).is_err() {
            lock(&self.pending).remove(&id);
            return Err(CdpError::Closed);
        }
        match tokio::time::timeout(timeout, rx).await {
            Ok(Ok(Ok(v))) => Ok(v),
            Ok(Ok(Err(CdpError::Protocol(_, e)))) => Err(CdpError::Protocol(method.to_string(), e)),
            Ok(Ok(Err(e))) => Err(e),
            Ok(Err(_)) => Err(CdpError::Closed),
            Err(_) => {
                lock(&self.pending).remove(&id);
                Err(CdpError::Timeout(method.to_string()))
            }
        }
    }

    /// Every event already queued, without waiting.
    pub async fn drain_events(&self) -> Result<Vec<Event>, CdpError> {
        let mut rx = self.events.lock().await;
        let mut out = Vec::new();
        loop {
            match rx.try_recv() {
                Ok(e) => out.push(e),
                Err(mpsc::error::TryRecvError::Empty) => return Ok(out),
                Err(mpsc::error::TryRecvError::Disconnected) => {
                    return if out.is_empty() {
                        Err(CdpError::Closed)
                    } else {
                        Ok(out)
                    };
                }
            }
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
