//! The fake space's state and rules: credentials, quota, faults, threads, request-id
//! de-duplication and message-id uniqueness. No I/O here.

use std::collections::{HashMap, HashSet, VecDeque};
use std::time::{Duration, Instant};

use serde_json::{Map, Value, json};

use super::errors::{GoogleError, quota_exhausted, token_denied};
use super::types::{Fault, FaultPlan, ReceivedMessage, RequestRecord};
use chat_card::webhook::check_message_id;

/// The query parameters of one request.
#[derive(Clone, Debug, Default)]
pub(crate) struct Query {
    pub(crate) key: Option<String>,
    pub(crate) token: Option<String>,
    pub(crate) reply_option: Option<String>,
    pub(crate) request_id: Option<String>,
    pub(crate) message_id: Option<String>,
    pub(crate) thread_key: Option<String>,
    pub(crate) unknown: Vec<String>,
    /// Authenticated as a Chat app (bearer token checked by the API module) instead of
    /// with the webhook key and token; the space is joined on first use.
    pub(crate) app_auth: bool,
}

impl Query {
    pub(crate) fn parse(raw: Option<&str>) -> Query {
        let mut q = Query::default();
        for (name, value) in url::form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
            let value = Some(value.into_owned());
            match name.as_ref() {
                "key" => q.key = value,
                "token" => q.token = value,
                "messageReplyOption" => q.reply_option = value,
                "requestId" => q.request_id = value,
                "messageId" => q.message_id = value,
                "threadKey" => q.thread_key = value,
                other => q.unknown.push(other.to_owned()),
            }
        }
        q
    }
}

/// What to do with a request after the gate.
pub(crate) enum Then {
    Normal,
    Error(GoogleError),
    Respond(u16, String),
    Drop,
    DropAfterProcessing,
}

/// The gate's decision.
pub(crate) struct Action {
    pub(crate) delay: Option<Duration>,
    /// Wait this long after posting, before answering.
    pub(crate) answer_delay: Option<Duration>,
    pub(crate) then: Then,
    pub(crate) injected: bool,
}

#[derive(Debug, Default)]
struct SpaceState {
    token: String,
    last_accepted: Option<Instant>,
    rng: Option<fastrand::Rng>,
    threads_by_key: HashMap<String, String>,
    thread_names: HashSet<String>,
    by_request_id: HashMap<String, Value>,
    message_ids: HashSet<String>,
}

/// How much earlier than the quota interval a request may arrive and still pass: the
/// client paces by its own clock, the server stamps arrivals after scheduling, and on a
/// loaded machine the two differ by a few milliseconds (more for a request whose sender
/// was cancelled mid-flight, whose arrival the client never learns).
pub(crate) const QUOTA_JITTER: Duration = Duration::from_millis(50);

/// Everything the server knows; behind one mutex, never held across an await.
#[derive(Debug)]
pub(crate) struct State {
    pub(crate) key: String,
    pub(crate) quota_interval: Duration,
    spaces: HashMap<String, SpaceState>,
    faults: VecDeque<Fault>,
    plan: Option<FaultPlan>,
    pub(crate) requests: Vec<RequestRecord>,
    pub(crate) deliveries: Vec<ReceivedMessage>,
    pub(crate) quota_rejections: usize,
    counter: u64,
}

fn random_id(len: usize) -> String {
    std::iter::repeat_with(fastrand::alphanumeric)
        .take(len)
        .collect()
}

/// A stable 64-bit hash of a space ID (FNV-1a), to seed its generator.
fn space_seed(seed: u64, space: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in space.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h ^ seed
}

impl State {
    pub(crate) fn new(quota_interval: Duration) -> Self {
        State {
            key: format!("AIzaSyFAKE{}", random_id(29)),
            quota_interval,
            spaces: HashMap::new(),
            faults: VecDeque::new(),
            plan: None,
            requests: Vec::new(),
            deliveries: Vec::new(),
            quota_rejections: 0,
            counter: 0,
        }
    }

    /// The token of a space, registering the space on first use.
    pub(crate) fn token_for(&mut self, space: &str) -> String {
        let plan = self.plan.clone();
        let entry = self
            .spaces
            .entry(space.to_owned())
            .or_insert_with(|| SpaceState {
                token: random_id(43),
                rng: plan.map(|p| fastrand::Rng::with_seed(space_seed(p.seed, space))),
                ..SpaceState::default()
            });
        entry.token.clone()
    }

    pub(crate) fn push_fault(&mut self, fault: Fault) {
        self.faults.push_back(fault);
    }

    pub(crate) fn clear_faults(&mut self) {
        self.faults.clear();
        self.plan = None;
        for s in self.spaces.values_mut() {
            s.rng = None;
        }
    }

    pub(crate) fn set_plan(&mut self, plan: FaultPlan) {
        for (name, s) in self.spaces.iter_mut() {
            s.rng = Some(fastrand::Rng::with_seed(space_seed(plan.seed, name)));
        }
        self.plan = Some(plan);
    }

    /// Records a request's arrival; returns its index for [`State::finish`].
    pub(crate) fn arrive(&mut self, space: &str, query: &Query, now: Instant) -> usize {
        self.requests.push(RequestRecord {
            space: space.to_owned(),
            request_id: query.request_id.clone(),
            arrived_at: now,
            status: None,
            injected: false,
            completed: false,
        });
        self.requests.len() - 1
    }

    /// Records how a request ended.
    pub(crate) fn finish(&mut self, index: usize, status: Option<u16>, injected: bool) {
        if let Some(r) = self.requests.get_mut(index) {
            r.status = status;
            r.injected = injected;
            r.completed = true;
        }
    }

    /// Marks a request as ended without an answer, unless it already ended.
    pub(crate) fn finish_if_open(&mut self, index: usize, injected: bool) {
        if self.requests.get(index).is_some_and(|r| !r.completed) {
            self.finish(index, None, injected);
        }
    }

    /// Credentials, quota and faults, in that order.
    pub(crate) fn gate(&mut self, space: &str, query: &Query, now: Instant) -> Action {
        let refuse = |e: GoogleError| Action {
            delay: None,
            answer_delay: None,
            then: Then::Error(e),
            injected: false,
        };
        if query.app_auth {
            self.token_for(space);
        }
        match query.key.as_deref() {
            _ if query.app_auth => {}
            None | Some("") => {
                return refuse(GoogleError::new(
                    403,
                    "PERMISSION_DENIED",
                    "Method doesn't allow unregistered callers (callers without established \
                     identity). Please use API Key or other form of API consumer identity to call \
                     this API.",
                ));
            }
            Some(k) if k != self.key => {
                return refuse(
                    GoogleError::new(
                        400,
                        "INVALID_ARGUMENT",
                        "API key not valid. Please pass a valid API key.",
                    )
                    .reason("API_KEY_INVALID"),
                );
            }
            Some(_) => {}
        }
        let quota_interval = self.quota_interval;
        let Some(state) = self.spaces.get_mut(space) else {
            return refuse(GoogleError::new(
                404,
                "NOT_FOUND",
                format!(
                    "Space spaces/{space} not found: this fake space only knows the spaces it gave webhook URLs for."
                ),
            ));
        };
        if !query.app_auth && query.token.as_deref() != Some(state.token.as_str()) {
            return refuse(token_denied());
        }
        if let Some(last) = state.last_accepted
            && now.saturating_duration_since(last) < quota_interval.saturating_sub(QUOTA_JITTER)
        {
            self.quota_rejections += 1;
            return refuse(quota_exhausted());
        }
        state.last_accepted = Some(now);
        if let Some(name) = query.unknown.first() {
            return refuse(GoogleError::new(
                400,
                "INVALID_ARGUMENT",
                format!(
                    "Invalid JSON payload received. Unknown name \"{name}\": Cannot bind query parameter. Field '{name}' could not be found in request message."
                ),
            ));
        }
        if let Some(fault) = self.faults.pop_front() {
            return fault_action(fault);
        }
        let (Some(plan), Some(rng)) = (self.plan.as_ref(), state.rng.as_mut()) else {
            return Action {
                delay: None,
                answer_delay: None,
                then: Then::Normal,
                injected: false,
            };
        };
        let draw = rng.f64();
        let half = rng.bool();
        let then = if draw < plan.error_rate_503 {
            Then::Error(super::errors::canned(503))
        } else if draw < plan.error_rate_503 + plan.drop_rate {
            if half {
                Then::Drop
            } else {
                Then::DropAfterProcessing
            }
        } else {
            Then::Normal
        };
        let injected = !matches!(then, Then::Normal);
        Action {
            delay: plan.delay,
            answer_delay: None,
            then,
            injected,
        }
    }

    /// Posts a valid message body. Returns the answer and the record (none for a
    /// repeated request id).
    pub(crate) fn post(
        &mut self,
        space: &str,
        query: &Query,
        body: Map<String, Value>,
        bytes: usize,
        now: Instant,
    ) -> Result<(Value, Option<ReceivedMessage>), GoogleError> {
        self.counter += 1;
        let counter = self.counter;
        let Some(state) = self.spaces.get_mut(space) else {
            return Err(super::errors::canned(404));
        };
        if let Some(id) = &query.request_id
            && let Some(existing) = state.by_request_id.get(id)
        {
            return Ok((existing.clone(), None));
        }
        if let Some(id) = &query.message_id {
            if let Err(e) = check_message_id(id) {
                return Err(GoogleError::new(
                    400,
                    "INVALID_ARGUMENT",
                    format!("Invalid message id: {e}"),
                )
                .field_violations(&[("message_id".into(), e.to_string())]));
            }
            if state.message_ids.contains(id) {
                return Err(GoogleError::new(
                    409,
                    "ALREADY_EXISTS",
                    format!("Message spaces/{space}/messages/{id} already exists."),
                ));
            }
        }
        let thread = body.get("thread").and_then(|t| t.as_object());
        let thread_key = thread
            .and_then(|t| t.get("threadKey"))
            .and_then(|k| k.as_str())
            .map(str::to_owned)
            .or_else(|| query.thread_key.clone());
        let thread_ref = thread
            .and_then(|t| t.get("name"))
            .and_then(|k| k.as_str())
            .map(str::to_owned);
        let reply = query
            .reply_option
            .as_deref()
            .unwrap_or("MESSAGE_REPLY_OPTION_UNSPECIFIED");
        let existing = match (&thread_key, &thread_ref) {
            (Some(k), _) => state.threads_by_key.get(k).cloned(),
            (None, Some(n)) => state.thread_names.contains(n).then(|| n.clone()),
            (None, None) => None,
        };
        let thread_name = match reply {
            "REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD" | "REPLY_MESSAGE_OR_FAIL" => match existing {
                Some(name) => name,
                None if reply == "REPLY_MESSAGE_OR_FAIL"
                    && (thread_key.is_some() || thread_ref.is_some()) =>
                {
                    return Err(GoogleError::new(
                        404,
                        "NOT_FOUND",
                        "Thread not found: REPLY_MESSAGE_OR_FAIL needs an existing thread (post the first message with REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD).",
                    ));
                }
                None => new_thread(state, space, thread_key.as_deref()),
            },
            "MESSAGE_REPLY_OPTION_UNSPECIFIED" => new_thread(state, space, None),
            other => {
                return Err(GoogleError::new(
                    400,
                    "INVALID_ARGUMENT",
                    format!(
                        "Invalid value at 'message_reply_option' (type.googleapis.com/google.chat.v1.CreateMessageRequest.MessageReplyOption), \"{other}\""
                    ),
                ));
            }
        };
        // Chat assigns the name; a client-assigned id is kept beside it
        // (`clientAssignedMessageId`) and addresses the message too.
        let message_part = format!("{}.{counter}", random_id(11));
        let name = format!("spaces/{space}/messages/{message_part}");
        if let Some(id) = &query.message_id {
            state.message_ids.insert(id.clone());
        }
        let mut answer = body.clone();
        answer.insert("name".into(), Value::String(name.clone()));
        let mut thread_out = Map::new();
        thread_out.insert("name".into(), Value::String(thread_name.clone()));
        if let Some(k) = &thread_key {
            thread_out.insert("threadKey".into(), Value::String(k.clone()));
        }
        answer.insert("thread".into(), Value::Object(thread_out));
        answer.insert("space".into(), json!({ "name": format!("spaces/{space}") }));
        if let Some(id) = &query.message_id {
            answer.insert("clientAssignedMessageId".into(), Value::String(id.clone()));
        }
        let answer = Value::Object(answer);
        if let Some(id) = &query.request_id {
            state.by_request_id.insert(id.clone(), answer.clone());
        }
        let record = ReceivedMessage {
            space: space.to_owned(),
            name,
            thread_name,
            thread_key,
            reply_option: query.reply_option.clone(),
            body: Value::Object(body),
            bytes,
            request_id: query.request_id.clone(),
            message_id: query.message_id.clone(),
            received_at: now,
        };
        self.deliveries.push(record.clone());
        Ok((answer, Some(record)))
    }
}

fn new_thread(state: &mut SpaceState, space: &str, key: Option<&str>) -> String {
    let name = format!("spaces/{space}/threads/{}", random_id(11));
    state.thread_names.insert(name.clone());
    if let Some(k) = key {
        state.threads_by_key.insert(k.to_owned(), name.clone());
    }
    name
}

fn fault_action(fault: Fault) -> Action {
    let then = match fault {
        Fault::Status(code) => Then::Error(super::errors::canned(code)),
        Fault::RateLimited {
            retry_after,
            retry_delay,
        } => {
            let mut e = quota_exhausted();
            e.retry_after = retry_after;
            if let Some(d) = retry_delay {
                e.details.push(json!({
                    "@type": "type.googleapis.com/google.rpc.RetryInfo",
                    "retryDelay": format!("{}s", d.as_secs_f64()),
                }));
            }
            Then::Error(e)
        }
        Fault::Respond { status, body } => Then::Respond(status, body),
        Fault::Delay(d) => {
            return Action {
                delay: Some(d),
                answer_delay: None,
                then: Then::Normal,
                injected: true,
            };
        }
        Fault::SlowAnswer(d) => {
            return Action {
                delay: None,
                answer_delay: Some(d),
                then: Then::Normal,
                injected: true,
            };
        }
        Fault::Drop => Then::Drop,
        Fault::DropAfterProcessing => Then::DropAfterProcessing,
    };
    Action {
        delay: None,
        answer_delay: None,
        then,
        injected: true,
    }
}

/// Checks a body before posting: size, JSON, object, not empty, the shared validator.
pub(crate) fn check_body(bytes: &[u8]) -> Result<Map<String, Value>, GoogleError> {
    // Like Chat, the fake space refuses errors and accepts what Chat only ignores.
    chat_card::check::check_message_body(bytes)
        .map(|body| body.object)
        .map_err(|e| e.answer())
}
