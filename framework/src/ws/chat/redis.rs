//! [`RedisRoom`]: a room ordered by a Redis stream, shared by every process that uses the same
//! Redis and room name.
//!
//! - **Keys** (one hash tag per room, so a cluster keeps them on one node):
//!   `rook:chat:{NAME}:stream` (the entries, `XADD … MAXLEN ~ history`), `…:seq` (the last seq
//!   given), `…:epoch` (16 hex digits, set once with `SET NX`: a Redis that restarted empty gets a
//!   new one, so a `since` of the old history is answered `history lost`), `…:pub:ID` (a publish
//!   already done, kept 10 minutes).
//! - **Publishing** runs a Lua script that, atomically, returns the seq of a publish id already
//!   done, or takes the next seq and adds the entry with the explicit stream id `SEQ-0`: a publish
//!   retried after a timeout is added once. Entries are dense (1, 2, 3, …), so a gap is visible.
//! - **Reading**: one task per process (on its own thread and runtime, with its own connection,
//!   since a blocking `XREAD` stalls every other command on a multiplexed connection) reads all
//!   the process's rooms and hands each batch, through a bounded channel, to a pump on every
//!   worker thread with members; the pump feeds that thread's [`Hub`], which fans out with the
//!   same back-pressure as an in-process room.
//! - **Faults**: when the reader cannot reconnect or Redis answers its reads with errors, or a
//!   publish still fails after [`UNREACHABLE_AFTER`], the process's rooms close their members
//!   with 1011 and answer joins 503 until the reader has reconnected, checked each room's epoch
//!   and read once; it retries by itself. Errors are logged once per incident.

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::pin::pin;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex, MutexGuard, PoisonError};
use std::thread::ThreadId;
use std::time::Duration;

use bytestring::ByteString;
use redis::aio::{ConnectionManager, ConnectionManagerConfig, MultiplexedConnection};
use redis::streams::{StreamId, StreamRangeReply, StreamReadReply};
use redis::{AsyncConnectionConfig, Client, RedisResult, Script};
use tokio::runtime::Handle;
use tokio::sync::{Notify, mpsc};
use tokio::time::{Instant, sleep, timeout};

use super::delivery::{Delivery, Kind};
use super::hub::Hub;
use super::hub::UNAVAILABLE;
use super::id::{MessageId, fresh_epoch};
use super::transcript::{TRANSCRIPT_LEN, Transcript};

/// How long a publish keeps retrying before the store counts as unreachable.
pub(crate) const UNREACHABLE_AFTER: Duration = Duration::from_secs(5);
/// A command's own timeout, after which it is retried (publishes: with the same publish id).
const COMMAND_TIMEOUT: Duration = Duration::from_secs(1);
/// How long one `XREAD` blocks; new rooms are read from the next one on.
const BLOCK: Duration = Duration::from_millis(500);
/// How far a sender's last entry may be ahead of what this process's reader has fed its hub.
const READ_AHEAD: u64 = 128;
/// Entries one `XREAD` returns at most.
const READ_COUNT: usize = 512;
/// The stream's length a room keeps by default (`MAXLEN ~`).
const STREAM_LEN: usize = 10_000;
/// The longest room name, in bytes.
const MAX_ROOM_NAME: usize = 200;

const PUBLISH: &str = r"
local done = redis.call('GET', KEYS[4])
local epoch = redis.call('GET', KEYS[3])
if not epoch then
  redis.call('SET', KEYS[3], ARGV[4])
  epoch = ARGV[4]
end
if done then return {tonumber(done), epoch} end
local seq = redis.call('INCR', KEYS[2])
redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[3], seq .. '-0', 'e', epoch, 'k', ARGV[1], 't', ARGV[2])
redis.call('SET', KEYS[4], seq, 'EX', 600)
return {seq, epoch}
";

/// Why [`ChatRoom::redis`](super::ChatRoom::redis) refused its arguments.
#[derive(Debug)]
#[non_exhaustive]
pub enum RedisError {
    /// The URL is not a Redis URL (`redis://host:port/db`).
    Url(String),
    /// The room name is empty, longer than 200 bytes, or has control characters or braces.
    RoomName(String),
}

impl fmt::Display for RedisError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RedisError::Url(why) => write!(f, "not a Redis URL: {why}"),
            RedisError::RoomName(name) => write!(
                f,
                "invalid chat room name {name:?}: it must be 1 to {MAX_ROOM_NAME} bytes without control characters or braces"
            ),
        }
    }
}

impl std::error::Error for RedisError {}

/// The Redis keys of one room.
struct Keys {
    stream: String,
    seq: String,
    epoch: String,
    publish: String,
}

impl Keys {
    fn new(name: &str) -> Self {
        let base = format!("rook:chat:{{{name}}}");
        Keys {
            stream: format!("{base}:stream"),
            seq: format!("{base}:seq"),
            epoch: format!("{base}:epoch"),
            publish: format!("{base}:pub:"),
        }
    }
}

/// One room of one process.
pub(crate) struct RedisRoom {
    feed: Mutex<Feed>,
    keys: Keys,
    process: Arc<Process>,
    /// Whether the reader has checked this room's epoch since it (re)connected.
    ready: AtomicBool,
    /// Publish ids: this room handle's random tag and a counter.
    tag: u64,
    next_publish: AtomicU64,
    stream_len: AtomicUsize,
    /// Woken whenever a hub has taken a batch of entries.
    advanced: Notify,
    /// The latest entries this process has read, for pages that show the room.
    transcript: Arc<Transcript>,
}

/// Where the reader stands in a room, and the hubs it feeds: one per worker thread with
/// members, so that fanning out to a thread's members happens on that thread.
struct Feed {
    head: MessageId,
    hubs: Vec<Local>,
}

/// One worker thread's hub, fed through a bounded channel by the reader (back-pressure).
struct Local {
    thread: ThreadId,
    hub: Arc<Hub>,
    events: mpsc::Sender<Arc<[Event]>>,
}

/// What the reader tells the hubs, in the stream's order.
enum Event {
    Entry(Kind, ByteString, MessageId),
    /// The room's history started afresh in this epoch.
    Restart(u64),
    /// Entries up to this one were trimmed before this process read them.
    Gap(MessageId),
}

/// The history each worker's hub keeps (older entries are fetched from the stream).
const HUB_HISTORY: usize = 256;

/// What one process shares with all its rooms on one Redis.
struct Process {
    client: Client,
    runtime: Handle,
    commands: ConnectionManager,
    rooms: Mutex<HashMap<String, Arc<RedisRoom>>>,
    up: AtomicBool,
    /// Set while an incident (the store unreachable) is on, so it is logged once.
    incident: AtomicBool,
}

/// The processes' shared state, one per Redis URL.
static PROCESSES: LazyLock<Mutex<HashMap<String, Arc<Process>>>> = LazyLock::new(Mutex::default);

impl RedisRoom {
    /// The room `name` on the Redis at `url`, shared with the other handles of this process.
    pub(crate) fn open(url: &str, name: &str) -> Result<Arc<RedisRoom>, RedisError> {
        if name.is_empty() || name.len() > MAX_ROOM_NAME || name.chars().any(|c| c.is_control() || c == '{' || c == '}')
        {
            return Err(RedisError::RoomName(name.to_owned()));
        }
        let process = Process::for_url(url)?;
        let mut rooms = process.rooms.lock().unwrap_or_else(PoisonError::into_inner);
        let room = rooms.entry(name.to_owned()).or_insert_with(|| {
            Arc::new(RedisRoom {
                feed: Mutex::new(Feed { head: MessageId { epoch: 0, seq: 0 }, hubs: Vec::new() }),
                keys: Keys::new(name),
                process: process.clone(),
                ready: AtomicBool::new(false),
                tag: fresh_epoch(),
                next_publish: AtomicU64::new(0),
                stream_len: AtomicUsize::new(STREAM_LEN),
                advanced: Notify::new(),
                transcript: Transcript::new(),
            })
        });
        Ok(room.clone())
    }

    fn feed(&self) -> MutexGuard<'_, Feed> {
        self.feed.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The hub of the current worker thread's members, started (with its pump) on first use.
    pub(crate) fn hub(self: &Arc<Self>) -> Arc<Hub> {
        let thread = std::thread::current().id();
        let mut feed = self.feed();
        if let Some(local) = feed.hubs.iter().find(|l| l.thread == thread) {
            return local.hub.clone();
        }
        let hub = Arc::new(Hub::new(feed.head.epoch, HUB_HISTORY, None));
        hub.start_at(feed.head);
        let (events, received) = mpsc::channel(2);
        feed.hubs.push(Local { thread, hub: hub.clone(), events });
        actix_rt::spawn(pump(self.clone(), hub.clone(), received));
        hub
    }

    /// How many members the room has in this process.
    pub(crate) fn members(&self) -> usize {
        self.feed().hubs.iter().map(|l| l.hub.members()).sum()
    }

    /// Hands `events` to every hub, waiting while a hub's channel is full.
    async fn send(&self, events: Arc<[Event]>) {
        let locals: Vec<(ThreadId, mpsc::Sender<Arc<[Event]>>)> =
            self.feed().hubs.iter().map(|l| (l.thread, l.events.clone())).collect();
        for (thread, sender) in locals {
            if sender.send(events.clone()).await.is_err() {
                // That worker has stopped.
                self.feed().hubs.retain(|l| l.thread != thread);
            }
        }
    }

    pub(crate) fn is_available(&self) -> bool {
        self.process.up.load(Ordering::SeqCst) && self.ready.load(Ordering::SeqCst)
    }

    pub(crate) fn set_stream_len(&self, entries: usize) {
        self.stream_len.store(entries.max(1), Ordering::Relaxed);
    }

    /// Adds the entry to the stream (once, however often it is retried), then waits until this
    /// process's reader has fed the hub up to [`READ_AHEAD`] entries before it, so a sender is
    /// read no faster than its room takes its messages. Gives up after [`UNREACHABLE_AFTER`]:
    /// the rooms close their members.
    pub(crate) async fn publish(self: &Arc<Self>, kind: Kind, text: ByteString) {
        let Some(id) = self.add(kind, text).await else { return };
        let give_up = Instant::now() + UNREACHABLE_AFTER;
        loop {
            let mut advanced = pin!(self.advanced.notified());
            advanced.as_mut().enable();
            let head = self.hub().head();
            if head.epoch != id.epoch || head.seq + READ_AHEAD >= id.seq || !self.is_available() {
                return;
            }
            if timeout(give_up.saturating_duration_since(Instant::now()), advanced).await.is_err() {
                return;
            }
        }
    }

    /// The transcript of the entries this process has read.
    pub(crate) fn transcript(&self) -> Arc<Transcript> {
        self.transcript.clone()
    }

    /// Publishes an entry from outside a member (a page's form, a live view) without waiting
    /// for it: it is added on the process's Redis runtime, so any thread may call this.
    pub(crate) fn say(self: &Arc<Self>, kind: Kind, text: ByteString) {
        let room = self.clone();
        self.process.runtime.spawn(async move {
            room.add(kind, text).await;
        });
    }

    /// Adds the entry to the stream, once however often it is retried; its id, or `None` when
    /// Redis stayed unreachable for [`UNREACHABLE_AFTER`] (the rooms close their members).
    async fn add(self: &Arc<Self>, kind: Kind, text: ByteString) -> Option<MessageId> {
        let publish_id =
            format!("{}{:016x}-{}", self.keys.publish, self.tag, self.next_publish.fetch_add(1, Ordering::Relaxed));
        let give_up = Instant::now() + UNREACHABLE_AFTER;
        loop {
            let room = self.clone();
            let (publish_id, text) = (publish_id.clone(), text.clone());
            let attempt = self
                .process
                .run(async move {
                    let mut conn = room.process.commands.clone();
                    static SCRIPT: LazyLock<Script> = LazyLock::new(|| Script::new(PUBLISH));
                    SCRIPT
                        .key(&room.keys.stream)
                        .key(&room.keys.seq)
                        .key(&room.keys.epoch)
                        .key(&publish_id)
                        .arg(kind.as_str())
                        .arg(&*text)
                        .arg(room.stream_len.load(Ordering::Relaxed))
                        .arg(format!("{:016x}", fresh_epoch()))
                        .invoke_async::<(u64, String)>(&mut conn)
                        .await
                })
                .await;
            match attempt {
                Ok((seq, epoch)) => {
                    break u64::from_str_radix(&epoch, 16).ok().map(|epoch| MessageId { epoch, seq });
                }
                Err(err) if Instant::now() < give_up => {
                    log::debug!("chat: publish to Redis failed, retrying: {err}");
                    sleep(Duration::from_millis(100)).await;
                }
                Err(err) => {
                    self.process.down(&err.to_string());
                    return None;
                }
            }
        }
    }

    /// The entries with seq in `(after, upto]`, from the stream.
    pub(crate) async fn fetch(self: &Arc<Self>, after: u64, upto: u64) -> Result<Vec<Delivery>, ()> {
        let room = self.clone();
        let reply = self
            .process
            .run(async move {
                let mut conn = room.process.commands.clone();
                redis::cmd("XRANGE")
                    .arg(&room.keys.stream)
                    .arg(format!("{}-0", after + 1))
                    .arg(format!("{upto}-0"))
                    .query_async::<StreamRangeReply>(&mut conn)
                    .await
            })
            .await;
        match reply {
            Ok(reply) => Ok(reply.ids.iter().filter_map(entry).collect()),
            Err(err) => {
                log::warn!("chat: reading a room's history from Redis failed: {err}");
                Err(())
            }
        }
    }

    /// The last seq given in the room's current epoch.
    pub(crate) async fn last_seq(self: &Arc<Self>) -> Result<u64, ()> {
        let room = self.clone();
        let reply = self
            .process
            .run(async move {
                let mut conn = room.process.commands.clone();
                redis::cmd("GET").arg(&room.keys.seq).query_async::<Option<u64>>(&mut conn).await
            })
            .await;
        reply
            .map(|seq| seq.unwrap_or(0))
            .map_err(|err| log::warn!("chat: reading a room's head from Redis failed: {err}"))
    }

    /// Brings the room's epoch in line with Redis's (setting it if Redis has none): on first
    /// contact the hub starts at the stream's end; after a change its members are told
    /// `history lost`.
    async fn sync_epoch(&self, conn: &mut MultiplexedConnection) -> RedisResult<()> {
        let (epoch, seq): (Option<String>, Option<u64>) = redis::pipe()
            .cmd("SET")
            .arg(&self.keys.epoch)
            .arg(format!("{:016x}", fresh_epoch()))
            .arg("NX")
            .ignore()
            .cmd("GET")
            .arg(&self.keys.epoch)
            .cmd("GET")
            .arg(&self.keys.seq)
            .query_async(conn)
            .await?;
        let epoch = epoch.and_then(|e| u64::from_str_radix(&e, 16).ok()).unwrap_or(0);
        let known = self.feed().head.epoch;
        if known == 0 {
            let head = MessageId { epoch, seq: seq.unwrap_or(0) };
            {
                let mut feed = self.feed();
                feed.head = head;
                for local in &feed.hubs {
                    local.hub.start_at(head);
                }
            }
            // The transcript starts with the room's latest entries up to the head (those after it
            // come from the reads that follow).
            let latest: StreamRangeReply = redis::cmd("XREVRANGE")
                .arg(&self.keys.stream)
                .arg("+")
                .arg("-")
                .arg("COUNT")
                .arg(TRANSCRIPT_LEN)
                .query_async(conn)
                .await?;
            let mut entries: Vec<Delivery> = latest.ids.iter().filter_map(entry).collect();
            entries.reverse();
            for delivery in entries.into_iter().filter(|d| d.id.epoch == epoch && d.id.seq <= head.seq) {
                self.transcript.record(Arc::new(delivery));
            }
        } else if known != epoch {
            self.feed().head = MessageId { epoch, seq: 0 };
            self.transcript.clear();
            self.send(Arc::from([Event::Restart(epoch)])).await;
        }
        self.ready.store(true, Ordering::SeqCst);
        Ok(())
    }
}

/// A stream entry as a delivery (entries that are not the room's are skipped).
fn entry(raw: &StreamId) -> Option<Delivery> {
    let seq = raw.id.strip_suffix("-0")?.parse().ok()?;
    let epoch = u64::from_str_radix(&raw.get::<String>("e")?, 16).ok()?;
    let kind = Kind::parse(&raw.get::<String>("k")?)?;
    let text = raw.get::<String>("t")?;
    Some(Delivery::new(MessageId { epoch, seq }, kind, ByteString::from(text)))
}

impl Process {
    fn for_url(url: &str) -> Result<Arc<Process>, RedisError> {
        let mut processes = PROCESSES.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(process) = processes.get(url) {
            return Ok(process.clone());
        }
        let client = Client::open(url).map_err(|err| RedisError::Url(err.to_string()))?;
        let (handle_tx, handle_rx) = std::sync::mpsc::channel();
        let thread = std::thread::Builder::new().name("rook-chat-redis".into()).spawn(move || {
            let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
                Ok(runtime) => runtime,
                Err(err) => {
                    return log::error!("chat: cannot start the Redis reader's runtime: {err}");
                }
            };
            let _ = handle_tx.send(runtime.handle().clone());
            runtime.block_on(std::future::pending::<()>());
        });
        thread.map_err(|err| RedisError::Url(format!("cannot start the Redis reader's thread: {err}")))?;
        let runtime =
            handle_rx.recv().map_err(|_| RedisError::Url("the Redis reader's runtime did not start".into()))?;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(COMMAND_TIMEOUT))
            .set_response_timeout(Some(COMMAND_TIMEOUT))
            .set_number_of_retries(1)
            .set_max_delay(Duration::from_millis(500));
        let commands = {
            let _entered = runtime.enter();
            ConnectionManager::new_lazy_with_config(client.clone(), config)
                .map_err(|err| RedisError::Url(err.to_string()))?
        };
        let process = Arc::new(Process {
            client,
            runtime: runtime.clone(),
            commands,
            rooms: Mutex::default(),
            up: AtomicBool::new(false),
            incident: AtomicBool::new(false),
        });
        runtime.spawn(read(process.clone()));
        processes.insert(url.to_owned(), process.clone());
        Ok(process)
    }

    /// Runs a Redis command's future on the process's runtime (where its connections live).
    async fn run<T: Send + 'static>(
        &self,
        work: impl Future<Output = RedisResult<T>> + Send + 'static,
    ) -> RedisResult<T> {
        match self.runtime.spawn(work).await {
            Ok(result) => result,
            Err(err) => Err(redis::RedisError::from(std::io::Error::other(err.to_string()))),
        }
    }

    fn rooms(&self) -> Vec<Arc<RedisRoom>> {
        self.rooms.lock().unwrap_or_else(PoisonError::into_inner).values().cloned().collect()
    }

    /// The store is unreachable: members are closed with 1011, joins answer 503, until the
    /// reader has reconnected.
    fn down(&self, why: &str) {
        self.up.store(false, Ordering::SeqCst);
        if !self.incident.swap(true, Ordering::SeqCst) {
            log::error!("chat: Redis is unreachable ({why}); closing chat members with 1011 until it is back");
        }
        for room in self.rooms() {
            room.ready.store(false, Ordering::SeqCst);
            for local in &room.feed().hubs {
                local.hub.remove_all(UNAVAILABLE);
            }
            room.advanced.notify_waiters();
        }
    }

    fn back_up(&self) {
        self.up.store(true, Ordering::SeqCst);
        if self.incident.swap(false, Ordering::SeqCst) {
            log::info!("chat: Redis is reachable again");
        }
    }
}

/// The process's reader: connects, checks every room's epoch, then reads all rooms' streams
/// from where each room's hub stands, feeding the hubs; on a failure it reconnects, and when
/// that fails the process's rooms go down until it succeeds.
async fn read(process: Arc<Process>) {
    let mut failures = 0u64;
    loop {
        let config = AsyncConnectionConfig::new()
            .set_connection_timeout(Some(COMMAND_TIMEOUT))
            .set_response_timeout(Some(BLOCK + COMMAND_TIMEOUT * 3));
        let connected = process.client.get_multiplexed_async_connection_with_config(&config).await;
        let mut conn = match connected {
            Ok(conn) => conn,
            Err(err) => {
                // A connection that broke is retried at once; a failed reconnect is an outage.
                failures += 1;
                process.down(&err.to_string());
                sleep(Duration::from_millis(100 * failures.min(10))).await;
                continue;
            }
        };
        let since = Instant::now();
        match read_from(&process, &mut conn).await {
            // Redis answers, but with errors (say, a key of another type): an outage too,
            // retried with the same back-off rather than in a busy loop.
            Err(err) if since.elapsed() < BLOCK * 2 && failures > 0 => {
                failures += 1;
                process.down(&err.to_string());
                sleep(Duration::from_millis(100 * failures.min(10))).await;
            }
            Err(err) => {
                failures = u64::from(since.elapsed() < BLOCK * 2);
                log::debug!("chat: the Redis reader reconnects: {err}");
            }
            Ok(()) => {
                failures = 0;
                log::debug!("chat: the Redis reader reconnects after a failed publish");
            }
        }
    }
}

/// Reads on one connection until it fails (or the process went down because a publish did).
async fn read_from(process: &Process, conn: &mut MultiplexedConnection) -> RedisResult<()> {
    for room in process.rooms() {
        room.sync_epoch(conn).await?;
    }
    // The process is back up once a first read has succeeded too (Redis may accept
    // connections and still answer every read with an error).
    let mut first = true;
    let mut synced_rooms = process.rooms().len();
    loop {
        if !first && !process.up.load(Ordering::SeqCst) {
            return Ok(());
        }
        let rooms = process.rooms();
        if rooms.len() != synced_rooms {
            for room in rooms.iter().filter(|r| !r.ready.load(Ordering::SeqCst)) {
                room.sync_epoch(conn).await?;
            }
            synced_rooms = rooms.len();
        }
        if rooms.is_empty() {
            sleep(BLOCK).await;
            continue;
        }
        let mut cmd = redis::cmd("XREAD");
        cmd.arg("COUNT").arg(READ_COUNT);
        if !first {
            cmd.arg("BLOCK").arg(BLOCK.as_millis() as u64);
        }
        cmd.arg("STREAMS");
        for room in &rooms {
            cmd.arg(&room.keys.stream);
        }
        for room in &rooms {
            cmd.arg(format!("{}-0", room.feed().head.seq));
        }
        let reply: Option<StreamReadReply> = cmd.query_async(conn).await?;
        if first {
            first = false;
            process.back_up();
        }
        for key in reply.map(|r| r.keys).unwrap_or_default() {
            if let Some(room) = rooms.iter().find(|r| r.keys.stream == key.key) {
                feed(room, key.ids.iter().filter_map(entry)).await;
            }
        }
    }
}

/// Feeds stream entries to the room's hubs: a new epoch or a gap becomes `history lost` first.
async fn feed(room: &Arc<RedisRoom>, entries: impl Iterator<Item = Delivery>) {
    let mut events = Vec::new();
    {
        let mut feed = room.feed();
        for delivery in entries {
            if delivery.id.epoch != feed.head.epoch {
                events.push(Event::Restart(delivery.id.epoch));
                feed.head = MessageId { epoch: delivery.id.epoch, seq: 0 };
                room.transcript.clear();
            } else if delivery.id.seq <= feed.head.seq {
                continue;
            } else if delivery.id.seq > feed.head.seq + 1 {
                events.push(Event::Gap(MessageId { epoch: feed.head.epoch, seq: delivery.id.seq - 1 }));
            }
            feed.head = delivery.id;
            let delivery = Arc::new(delivery);
            room.transcript.record(delivery.clone());
            events.push(Event::Entry(delivery.kind, delivery.text.clone(), delivery.id));
        }
    }
    if !events.is_empty() {
        room.send(events.into()).await;
    }
}

/// A worker thread's pump: applies the reader's events to its hub, with back-pressure (a full
/// member queue holds the pump, and so the reader, for at most `slow_timeout`), waking each
/// member once per batch.
async fn pump(room: Arc<RedisRoom>, hub: Arc<Hub>, mut events: mpsc::Receiver<Arc<[Event]>>) {
    while let Some(batch) = events.recv().await {
        for event in batch.iter() {
            match event {
                Event::Entry(kind, text, id) => {
                    for gone in hub.publish(*kind, text.clone(), Some(*id), false).await {
                        if let Some(notice) = gone.notice() {
                            let room = room.clone();
                            actix_rt::spawn(async move { room.publish(Kind::Leave, ByteString::from(notice)).await });
                        }
                    }
                }
                Event::Restart(epoch) => hub.restart(*epoch),
                Event::Gap(at) => hub.gap(*at),
            }
        }
        hub.wake_all();
        room.advanced.notify_waiters();
    }
}
