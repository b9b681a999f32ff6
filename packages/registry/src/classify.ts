/**
 * RAG₁ classification: which store a record belongs to. A record joins the store whose learned shape
 * it matches; an explicit domain (a `?domain=` hint, or a `type`/`kind` field) names the store;
 * detectors recognise common domains for a record whose shape is new; anything else starts a store
 * of its own. Pure: it reads StoreEntry objects and never writes.
 */
import { fieldStats } from './learn.ts';
import type { FieldStats, StoreEntry } from './types.ts';

export interface Classification {
  domain: string;
  /** Id of the existing store to join, or of the store to create when `isNew`. */
  storeId: string;
  isNew: boolean;
  /** Why: 'hint' | 'explicit' | 'shape' | 'detector' | 'new'. */
  reason: 'hint' | 'explicit' | 'shape' | 'detector' | 'new';
}

/** Field-name evidence for the common domains; weights say how telling a field is. */
const DETECTORS: Record<string, Record<string, number>> = {
  users: {
    username: 3,
    user_name: 3,
    email: 2,
    first_name: 2,
    last_name: 2,
    name: 1,
    age: 2,
    plan: 1,
    country: 1,
    signed_up_at: 3,
    signup_date: 3,
    birthday: 2,
    phone: 1,
    role: 1,
    password_hash: 2,
    team: 1,
  },
  messages: {
    from: 2,
    to: 1,
    sender: 3,
    recipient: 2,
    channel: 2,
    text: 2,
    content: 1,
    body: 1,
    sent_at: 3,
    thread: 2,
    thread_id: 2,
    room: 2,
    subject: 1,
    chat_id: 3,
    author: 1,
    // A message a queue or a topic delivers: Amazon SNS's `{Type: 'Notification', MessageId, TopicArn,
    // Subject, Message, Timestamp, …}` and SQS's `{messageId, receiptHandle, body, …}`, which started
    // `records`.
    message_id: 2,
    topic_arn: 3,
    receipt_handle: 3,
  },
  logs: {
    level: 3,
    severity: 3,
    log_level: 3,
    // OpenTelemetry's log records (OTLP JSON: severityText, severityNumber, timeUnixNano, body).
    severity_text: 3,
    severity_number: 2,
    message: 1,
    msg: 2,
    service: 1,
    host: 1,
    logger: 3,
    stack: 2,
    stacktrace: 2,
    trace_id: 1,
    span_id: 1,
    pid: 1,
    // Web servers' access logs (nginx's JSON log_format, Apache's).
    time_local: 3,
    remote_addr: 2,
    body_bytes_sent: 3,
    bytes_sent: 2,
    http_user_agent: 2,
    http_referer: 2,
    request_time: 2,
    upstream_response_time: 2,
    // An application's own request logs (`{method, path, status, duration_ms, ip, time}`), which
    // started a store called `records`.
    method: 1,
    http_method: 2,
    path: 1,
    status_code: 1,
    http_status: 2,
    duration_ms: 1,
    latency_ms: 1,
    response_time_ms: 1,
    // A container's output as Docker's json-file driver and Fluent Bit write it (`{log, stream, time}`).
    log: 2,
    stream: 1,
    // A log line's own id and its host (Auth0's log events, `{date, type: 's', description, log_id,
    // hostname, …}` or streamed as `{log_id, data}`); Google Cloud Logging's LogEntry (`{insertId,
    // logName, resource, textPayload | jsonPayload | protoPayload, severity, timestamp}`), which by its
    // first key started `inserts`; CloudWatch Logs' subscription batches (`{messageType, owner,
    // logGroup, logStream, subscriptionFilters, logEvents}`), which started `records`.
    log_id: 3,
    hostname: 1,
    log_name: 3,
    text_payload: 2,
    json_payload: 2,
    proto_payload: 2,
    log_group: 3,
    log_stream: 3,
    log_events: 2,
    // A `type` beside a log line's own id, the log event's type (see `logEventType`): with `log_id`
    // alone Auth0's `{log_id, type: 'gd_send_email', description, details, ip, tenant_name}` scored 3.
    log_event_type: 2,
  },
  metrics: {
    metric: 3,
    metric_name: 3,
    value: 1,
    unit: 2,
    recorded_at: 2,
    gauge: 2,
    counter: 2,
    measurement: 3,
    sample: 1,
    labels: 1,
    tags: 1,
    // A browser's Core Web Vitals as the web-vitals library reports them
    // (`{name: 'LCP', value, rating, delta, id, navigationType}`).
    delta: 1,
    navigation_type: 2,
    // Datadog's series (`{metric, points, tags, host, type}`), and a metric's kind named by its `type`
    // (`{name, value, type: 'counter'}`, see `metricKind`).
    points: 1,
    metric_type: 2,
    // Measurements of a place or a device over time (a weather station's `{station, temperature,
    // humidity, pressure, wind_speed, observed_at}`, OpenWeather's `{weather, wind, clouds, visibility, …}`,
    // an IoT sensor's `{device_id, temperature, battery, rssi, ts}`), which started `records`: read
    // as metrics, as the query engine's words for them ("reading", "measurement") are. A unit after
    // the quantity's name (`temp_c`, `pressure_hpa`) is read without it (`UNIT_SUFFIX`).
    temperature: 2,
    temp: 2,
    humidity: 2,
    relative_humidity: 2,
    pressure: 2,
    wind_speed: 2,
    wind_gust: 2,
    wind_direction: 1,
    precipitation: 2,
    rainfall: 2,
    snowfall: 2,
    dew_point: 2,
    uv_index: 2,
    cloud_cover: 2,
    aqi: 2,
    air_quality: 2,
    pm2_5: 2,
    pm25: 2,
    pm10: 2,
    co2: 2,
    voltage: 2,
    energy: 1,
    power: 1,
    heart_rate: 2,
    weather: 1.5,
    wind: 1.5,
    clouds: 1,
    visibility: 1,
    battery: 1,
    battery_level: 1,
    rssi: 1,
    station: 1,
    station_id: 1,
    observed_at: 2,
    measured_at: 2,
    sampled_at: 2,
  },
  orders: {
    order_id: 3,
    amount: 2,
    total: 2,
    customer: 2,
    customer_id: 2,
    currency: 1,
    items: 1,
    line_items: 2,
    price: 1,
    quantity: 1,
    shipping: 2,
    payment_status: 2,
    status: 0.5,
  },
  events: {
    event: 3,
    event_type: 3,
    event_name: 3,
    occurred_at: 3,
    properties: 2,
    session_id: 2,
    referrer: 2,
    action: 1,
    page: 1,
    url: 1,
    user_id: 1,
    user_agent: 1,
    // A code host's webhook deliveries name their event in a header; the body is
    // `{action, issue, repository, sender}` or a push's `{ref, pusher, sender, head_commit, …}`,
    // which by `sender` alone were chat messages. `sender` weighs 1 here against 3 for messages, so
    // a message with a sender and a channel or a text stays one.
    repository: 2,
    sender: 1,
    // Jira's webhooks (`{webhookEvent: 'jira:issue_created', issue, user, timestamp}`).
    webhook_event: 3,
    installation: 2,
    pusher: 2,
    head_commit: 2,
    // The ping GitHub delivers when a webhook is made (`{zen, hook_id, hook, repository | organization,
    // sender}`), which started `records`, or `messages` by its sender.
    hook_id: 2,
    hook: 1,
    // A calendar's events (Google Calendar's `{summary, start, end, attendees, organizer}`, iCalendar's).
    attendees: 2,
    organizer: 2,
    all_day: 2,
    // An event named, or held, under a key of its own: Amazon EventBridge's `{detail-type, source,
    // detail, time}`, Datadog's `{title, text, date_happened, alert_type}`, and Mailgun's webhooks,
    // whose `event-data` holds `{event: 'delivered', recipient, timestamp}` beside a `signature`; each
    // started `records`.
    detail_type: 3,
    date_happened: 3,
    happened_at: 3,
    event_data: 3,
    // A webhook event's own id (Square's `{merchant_id, type: 'payment.created', event_id, data}`,
    // HubSpot's `{eventId, subscriptionType, objectId, …}`, Slack's envelope).
    event_id: 3,
    // What an installed app's webhook reports (see `appWebhook`): Sentry's `{action, installation,
    // data, actor}` was an audit entry by its actor and action.
    app_webhook: 3,
  },
  products: {
    sku: 3,
    product_id: 2,
    product_name: 3,
    barcode: 3,
    upc: 3,
    msrp: 3,
    in_stock: 3,
    stock: 2,
    stock_level: 2,
    inventory: 2,
    brand: 2,
    price: 1,
    category: 1,
    // Shopify's products (`{id, title, vendor, product_type, handle, variants, options, images, …}`),
    // which started `records`.
    product_type: 3,
  },
  // Change data capture: Debezium's change events (`{before, after, source: {connector, db, table,
  // …}, op, ts_ms, transaction}`), every table's in one store. Not a store per table
  // (`customers_changes`): the query engine finds the table among `source.table`'s learned values, so
  // one store answers "changes to customers", "customers changes where country is DE" and "count
  // changes by table", while with a store per table it answered "how many changes this week" and
  // "count changes by table" from one table's store alone (it reads one domain). Nor the table's own
  // name: "how many customers" asks about customers, not about changes to them.
  changes: {
    before: 2,
    after: 2,
    op: 2,
    source: 1,
    ts_ms: 1,
    transaction: 1,
  },
  deployments: {
    deployment_id: 3,
    deployed_at: 3,
    deployed_by: 3,
    // Half: an application's `{name, version, environment}` alone is no deployment.
    environment: 0.5,
    version: 0.5,
    rollback: 2,
  },
  shipments: {
    shipment_id: 3,
    tracking_number: 3,
    tracking_url: 2,
    // 1: a phone line's `{phone, carrier}` is no shipment.
    carrier: 1,
    shipped_at: 3,
    delivered_at: 2,
  },
  reviews: {
    review_id: 3,
    review: 3,
    reviewer: 3,
    // 1, not 2: a film `{title, year, rating}` or a repository `{name, stars, forks}` is no review.
    rating: 1,
    stars: 1,
  },
  // Market data: a quote's or a trade's price of a symbol (`{symbol, price, volume, timestamp}`,
  // `{ticker, bid, ask, ts}`) and OHLC bars (`{symbol, open, high, low, close, volume}`). Not metrics:
  // they are prices of instruments, asked about by symbol and price ("AAPL's highest close", "the
  // spread of MSFT"), not readings of hosts or places; a tenant sending both keeps them apart by name.
  // A price beside a symbol is read as `symbol_price` (see `detectorKeys`); each field alone is weak
  // (a currency's `symbol`, a book's `volume`, a forecast's `high` and `low`), and a quantity is an
  // order's or a holding's (`{symbol, side, quantity, price}` stays an order), where a quote has a
  // volume or a size.
  quotes: {
    symbol_price: 2.5,
    symbol: 0.5,
    ticker: 1,
    last_price: 1,
    bid: 1,
    ask: 1,
    bid_price: 1,
    ask_price: 1,
    bid_size: 1.5,
    ask_size: 1.5,
    volume: 1,
    vwap: 3,
    open: 0.5,
    high: 0.5,
    low: 0.5,
    close: 0.5,
    change_percent: 1.5,
    market_cap: 1.5,
    exchange: 1,
    quantity: -2,
  },
  // A user's notifications (`{user_id, channel: 'push', title, body, read, sent_at}`), which by their
  // channel and sent_at were chat messages. A channel of delivery (`email`, `push`, `sms`) is read as
  // `delivery_channel`, and a read state beside a recipient and what was said as `read_by_recipient`
  // (see `detectorKeys`); a read flag alone is no notification's (a book's `{title, author, read}`).
  notifications: {
    notification_id: 3,
    notification_type: 3,
    delivery_channel: 2.5,
    read_by_recipient: 2,
    read: 1,
    is_read: 1,
    read_at: 1,
    seen: 1,
    seen_at: 1,
    dismissed: 1,
    dismissed_at: 1,
    clicked_at: 1,
    action_url: 2,
    sent_at: 1.5,
    // Half: a post's `{userId, id, title, body}` is no notification.
    title: 0.5,
    user_id: 0.5,
    recipient_id: 1,
  },
  // A comment on a post (`{post_id, author, body, created_at}`), which started `posts` by the id it
  // refers to (`idKeyDomain`). A title is what a post has and a comment has not: `{post_id, title,
  // body, author}` is the post itself and keeps `posts`.
  comments: {
    comment_id: 3,
    parent_comment_id: 3,
    // A text written on another record (see `writtenOnRecord`), and the record it is on.
    text_on_record: 3,
    post_id: 1,
    article_id: 1,
    story_id: 1,
    issue_id: 1,
    video_id: 1,
    photo_id: 1,
    author: 0.5,
    author_id: 0.5,
    user_id: 0.5,
    upvotes: 1,
    // GitHub's comments (issue, pull request review, commit) carry it; so do its issues and pull
    // requests, which have a title.
    author_association: 1,
    title: -2,
  },
  audits: {
    // 2, not 3: an event with an actor (`{event: 'push', actor: {...}, repo: {...}}`) is an event.
    actor: 2,
    actor_id: 3,
    audit_id: 3,
    action: 2,
    resource: 2,
    resource_type: 2,
    target: 1,
    outcome: 2,
    ip: 1,
    ip_address: 1,
    permission: 1,
  },
  // A CI server's builds: Jenkins's notification plugin posts `{name, url, build: {number, phase,
  // status, full_url}}`, a GitHub Actions run is `{run_number, head_sha, status, conclusion, …}`.
  // Before, the first started `records` and the second `events` by the `event` that triggered it.
  builds: {
    build: 2,
    build_id: 3,
    build_number: 3,
    build_url: 3,
    build_status: 3,
    run_number: 2,
    run_attempt: 1,
    // 1: an essay's `{title, summary, conclusion}` is no build.
    conclusion: 1,
    head_sha: 1,
    head_branch: 1,
    pipeline_id: 2,
    // An application's `{name, version, build: '345'}` names its build number, not a build.
    version: -1,
  },
  // An uptime monitor's checks (`{monitor, url, status: 'up', response_time_ms, checked_at}`,
  // Checkly's `{checkId, checkName, hasFailures, responseTime}`), which started `records`. Not
  // metrics: a check is counted by its outcome ("how many checks were down today") as much as
  // averaged, and a tenant's host metrics keep their store to themselves.
  checks: {
    check_id: 3,
    check_name: 2,
    checked_at: 3,
    // 1: a monitor's `{monitor, uptime, period}` summary is no check, nor a screen's `monitor`.
    monitor: 1,
    monitor_name: 1,
  },
  // Alerts as Prometheus and its Alertmanager send them (`{status, labels, annotations, startsAt,
  // endsAt, generatorURL, fingerprint}`; a webhook's `{receiver, status, groupLabels, commonLabels,
  // commonAnnotations, alerts}`), which started `records`.
  alerts: {
    alert_id: 3,
    alert_name: 3,
    alertname: 3,
    generator_url: 3,
    annotations: 1,
    fingerprint: 1,
    starts_at: 1,
    ends_at: 0.5,
    common_labels: 2,
    common_annotations: 2,
    group_labels: 1,
    group_key: 1,
    alerts: 1,
  },
  tickets: {
    ticket_id: 3,
    ticket: 2,
    assignee: 3,
    assigned_to: 3,
    reporter: 2,
    priority: 2,
    opened_at: 2,
    resolved_at: 2,
    closed_at: 1,
    sla: 2,
    escalated: 2,
  },
};

/**
 * The detectors as maps, so a field called `toString` or `valueOf` weighs nothing rather than
 * finding Object.prototype's method.
 */
const DETECTOR_WEIGHTS = new Map(
  Object.entries(DETECTORS).map(([domain, weights]) => [domain, new Map(Object.entries(weights))]),
);

/**
 * A field name as the detectors spell theirs: `firstName`, `FirstName`, `first-name` and `First Name`
 * all read as `first_name`.
 */
export function detectorSpelling(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[-\s.]+/g, '_')
    .toLowerCase();
}

const DETECTOR_MIN_SCORE = 4;
/** How much of a record a store must explain, and how many of the store's usual fields it must carry. */
const JOIN_RECORD_COVERAGE = 0.6;
const JOIN_STORE_COVERAGE = 0.7;
/**
 * How many of a store's usual fields a record must carry when the store knows every field it has: a
 * record with optional fields missing, not a record of another shape. At 0.7 for these too, the
 * sample data set with each field missing from a record one time in ten (keys shuffled, five seeds,
 * classified one by one) made 14-21 stores instead of five, 199-232 records away from their kind's
 * store; at 0.5, 7-9 stores and 16-66 records (packages/registry/test/classify-sparse.test.ts).
 */
const SUBSET_STORE_COVERAGE = 0.5;
/** A field present in at least this share of a store's records is part of its usual shape. */
const CORE_FIELD_SHARE = 0.5;

/** Singular or plural, any case → a plural lower-case domain name: "Order" → "orders". */
export function domainName(raw: string): string {
  const base = raw
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 48);
  if (!base) return 'records';
  // A singular that ends in `s` (`address`, `class`, Segment's `alias` calls, which started `alias`).
  if (/(?:ss|ias)$/.test(base)) return `${base}es`;
  if (/(s|x|z|ch|sh)$/.test(base)) return base.endsWith('s') ? base : `${base}es`;
  if (/[^aeiou]y$/.test(base)) return `${base.slice(0, -1)}ies`;
  if (/(data|metadata|info|news|media|feedback)$/.test(base)) return base;
  return `${base}s`;
}

/**
 * The fields that name a record's domain, the first that does deciding. `kind` before `type`: a
 * record carrying both uses `kind` for what it is and `type` for a property of it (a Kubernetes
 * event is `{"kind": "Event", "type": "Warning"}`, and by its type became `warnings` and `normals`
 * stores), while `type` alone is the common way to name a domain (`{"type": "order"}`). A record type
 * is read in the spellings APIs give it (Postmark's webhooks are `{"RecordType": "Bounce", "Type":
 * "HardBounce", "BouncedAt", …}`, `{"RecordType": "Delivery", "DeliveredAt", …}`: each kind has a
 * time field of its own, so one store of them all would answer "this week" by one kind's time).
 * A capitalised `Type` or `Kind` is not read: where keys are capitalised it is a property (that
 * bounce's `HardBounce`, a Salesforce opportunity's `"Type": "New Customer"`).
 */
const EXPLICIT_KEYS = ['kind', 'type', '_type', 'record_type', 'recordType', 'RecordType', 'entity'];

/**
 * Whether a record declares its type where an earlier version read nothing (see `typedObject`,
 * `EXPLICIT_KEYS`): a store that version filed such records in by their look keeps taking them.
 */
function declaredSinceUpgrade(record: Record<string, unknown>): boolean {
  return typedObject(record) !== null || typeof (record.RecordType ?? record.recordType) === 'string';
}

/**
 * The value of the field that names a record's domain (`type`, `kind`, …), as sent, or the domain of
 * what it wraps (`wrappedDomain`), or null: records of one shape but another named domain classify
 * apart, so whatever remembers a classification by shape keeps it by this too.
 */
export function explicitDomainValue(record: Record<string, unknown>): string | null {
  return explicitType(record) ?? typedObject(record) ?? wrappedDomain(record);
}

/** The type a record declares in one of EXPLICIT_KEYS (not in an API object's `object`), or null. */
function explicitType(record: Record<string, unknown>): string | null {
  const key = explicitDomainKey(record);
  return key === null ? null : (record[key] as string);
}

/** The first of EXPLICIT_KEYS whose value names a domain or an event, or null. */
function explicitDomainKey(record: Record<string, unknown>): string | null {
  for (const key of EXPLICIT_KEYS) {
    const value = record[key];
    if (typeof value === 'string' && (DOMAIN_WORDS.test(value) || EVENT_NAME.test(value))) return key;
  }
  return null;
}

/**
 * The type an API object declares in an `object` field beside an id prefixed by it, as Stripe's do
 * (`{"id": "re_3Mt…", "object": "refund", …}`, `"cus_…"`/`"customer"`, `"in_…"`/`"invoice"`): by
 * their amounts, currencies and statuses refunds, invoices and subscriptions started `orders`, and
 * "total amount of orders" added them up. `object` alone names nothing: in an RDF triple
 * `{subject, predicate, object}` it is data.
 */
function typedObject(record: Record<string, unknown>): string | null {
  const { id, object } = record;
  if (typeof id !== 'string' || typeof object !== 'string')
    return sobjectType(record) ?? selfCollection(record);
  return PREFIXED_ID.test(id) && OBJECT_TYPE.test(object) ? object : null;
}

/**
 * The type a Salesforce record declares in its `attributes` (`{"attributes": {"type": "Account",
 * "url": "/services/data/v59.0/sobjects/Account/001…"}, "Id", "Name", …}`), a custom object's
 * without its `__c`: accounts started `records`, opportunities `orders` by their `Amount`. Only
 * beside the record's address, as the API gives both; a product's `attributes` are data.
 */
function sobjectType(record: Record<string, unknown>): string | null {
  const attributes = record.attributes;
  if (!isObject(attributes)) return null;
  const { type, url } = attributes;
  if (typeof type !== 'string' || typeof url !== 'string' || !SOBJECT_TYPE.test(type)) return null;
  return url.includes(`/sobjects/${type}/`) ? type.replace(/__c$/, '') : null;
}

/** A Salesforce object's API name: `Account`, `OpportunityLineItem`, a custom `Invoice__c`. */
const SOBJECT_TYPE = /^[A-Z][A-Za-z0-9]{0,39}(?:__c)?$/;

/**
 * An id that starts with a short lowercase prefix and an underscore: `re_3MtwBw…`, `cus_NffrFeUfNV2Hib`,
 * and a mode after it where the API writes one (a checkout session's `cs_test_a1…`, `cs_live_…`, which
 * by its amounts started `orders`).
 */
const PREFIXED_ID = /^[a-z]{2,8}_(?:(?:test|live)_)?[A-Za-z0-9]{6,}$/;
/** A type written as an API names its objects: `refund`, `payment_intent`, `checkout.session`. */
const OBJECT_TYPE = /^[a-z][a-z_]{1,47}(?:\.[a-z][a-z_]{1,47})?$/;

/** A `type` that names a domain: `order`, `User`, `support ticket`. */
const DOMAIN_WORDS = /^[A-Za-z][A-Za-z0-9 _-]{0,47}$/;
/**
 * A `type` that names an event rather than a domain: `charge.refunded`, `customer.subscription.deleted`
 * (Stripe), `user:created`, `orders/paid` (Shopify). Webhook events of every name share one shape; the
 * name counts as an `event` field for the detectors, so they start an events store, not one per name
 * (or a `records` store, as they did before).
 */
const EVENT_NAME = /^[A-Za-z][\w-]{0,47}(?:[.:/][A-Za-z][\w-]{0,47}){1,4}$/;
/**
 * An event named in words, the last saying what happened to the first: CircleCI's
 * `workflow-completed` and `job-completed`, `user_created`, `invoice_finalized`. Each started a store
 * of its own (`workflow_completeds`). A word ending in `eed` is no such (`news_feed`, `wind_speed`).
 */
const HAPPENED = /^[A-Za-z][A-Za-z0-9]*(?:[-_ ][A-Za-z0-9]+)*[-_ ][A-Za-z]{2,}[^Ee][Ee][Dd]$/;
/**
 * A name of several words, one of them `event`: Slack's Events API wraps each event in `{type:
 * 'event_callback', event: {…}, event_id, event_time}`, which started `event_callbacks`. A `type` of
 * `event` alone names the events store itself.
 */
const EVENT_WORD = /^(?:[A-Za-z0-9]+[-_ ])*event(?:[-_ ][A-Za-z0-9]+)*$/i;

/**
 * A type saying who made or keeps a thing, its last word a participle as an event's is (`user_defined`,
 * `system_generated`, `customer_managed`, `self_hosted`): a custom field's or a key's origin, not
 * something that happened to a user. By `HAPPENED`, `user_defined` started `events`.
 */
const ORIGIN_TYPE =
  /^[A-Za-z0-9]+(?:[-_ ][A-Za-z0-9]+)*[-_ ](?:defined|managed|generated|provided|specified|supplied|owned|hosted|maintained|sourced|based|driven|scoped)$/i;
/**
 * A type that is no kind in particular: the ordinary, the unclassified (`{type: 'custom', name,
 * value}`, `'default'`, `'other'`), each of which started a store by its name (`customs`, `defaults`).
 */
const UNSPECIFIC_TYPE =
  /^(?:custom|default|other|others|generic|standard|general|misc|miscellaneous|unknown|none|undefined|unspecified|unset|basic|regular|normal|predefined|builtin|built[-_ ]in)$/i;

/**
 * Whether a `type` says of a record only who made it or that it is of no kind in particular
 * (`ORIGIN_TYPE`, `UNSPECIFIC_TYPE`): it names neither a domain nor an event, and the record is
 * classified by its fields.
 */
function genericType(value: string): boolean {
  return ORIGIN_TYPE.test(detectorSpelling(value)) || UNSPECIFIC_TYPE.test(value);
}

/**
 * Whether a `type` names an event as written, its words apart (see `EVENT_NAME`, `HAPPENED`,
 * `EVENT_WORD`): as versions before this one read it (`namedBefore`), `user_defined` too.
 */
function namesEventAsWritten(value: string): boolean {
  return EVENT_NAME.test(value) || HAPPENED.test(value) || (/[-_ ]/.test(value) && EVENT_WORD.test(value));
}

/**
 * Whether a `type` names an event, its words apart or run together: GitHub's Events API gives `{id,
 * type: 'PushEvent', actor, repo, payload, created_at}` and event-sourced systems `{type:
 * 'OrderPlaced', …}`, and each started a store per type (`pushevents`, `orderplaceds`). A type saying
 * who made a thing (`ORIGIN_TYPE`) is none.
 */
function namesEvent(value: string): boolean {
  if (EVENT_NAME.test(value)) return true;
  const words = detectorSpelling(value);
  return !ORIGIN_TYPE.test(words) && namesEventAsWritten(words);
}

/**
 * Whether a record is a CloudEvent (`{specversion: '1.0', id, source, type, time, data}`), whose
 * `type` is by its specification the event's, whatever its form: `com.example.order.created`, and
 * `order` too, which started `orders`.
 */
function cloudEvent(record: Record<string, unknown>): boolean {
  return typeof record.specversion === 'string' && typeof record.source === 'string';
}

/** Whether a record's declared type `value` names an event (`namesEvent`, `cloudEvent`). */
function typeNamesEvent(record: Record<string, unknown>, value: string): boolean {
  return namesEvent(value) || cloudEvent(record);
}

/** Whether a record's `type` names an event (`payment.created`), which makes it one whatever its first id. */
function declaresEvent(record: Record<string, unknown>): boolean {
  const value = explicitType(record);
  return value !== null && typeNamesEvent(record, value);
}

/**
 * The domain a record's declared type names, or what it wraps names (`wrappedDomain`), or null when
 * it names none (an event, a kind, a code).
 */
function explicitDomain(record: Record<string, unknown>): string | null {
  const value = explicitType(record);
  if (value === null) {
    // An API object's type names its store, dotted or not: a Stripe `checkout.session` is no event
    // (an event is `{object: 'event', type: 'checkout.session.completed'}`); read as one, sessions
    // started `orders` or `events` by whichever of their fields weighed more.
    const object = typedObject(record);
    return object === null ? wrappedDomain(record) : domainName(object);
  }
  if (typeNamesEvent(record, value) || typeOfProperty(record, value)) return null;
  const thing = thingKind(record, value) ?? addressedCollection(record);
  if (thing !== null) return domainName(thing);
  return TYPE_CODE.test(value) || genericType(value) ? null : domainName(value);
}

/** Whether a value is a JSON object (not null, not an array). */
function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The domain of what a record wraps, or null: an OpenTelemetry export's signal (`otlpSignal`), a
 * Kafka Connect envelope's payload (`envelopePayload`), classified as it would be alone. A wrapper's
 * shape is the same whatever it carries, so by its own keys every kind started or joined `records`.
 */
function wrappedDomain(record: Record<string, unknown>): string | null {
  const signal = otlpSignal(record);
  if (signal !== null) return signal;
  const payload = envelopePayload(record);
  if (payload === null) return null;
  // A payload nothing names starts `records`, as the envelope did: the envelope names nothing then.
  const { domain } = classifyRecord(payload, []);
  return domain === 'records' ? null : domain;
}

/**
 * The signals of an OpenTelemetry export, by the field holding them (OTLP/JSON writes lowerCamelCase;
 * a protobuf JSON reader also takes the fields' own names), and the store of each. OTLP's export
 * requests, and a collector's file exporter's lines, are `{resourceSpans: [{resource, scopeSpans:
 * [{scope, spans}]}]}` and alike for logs and metrics; all started `records`. Spans start `traces`,
 * as a span sent alone does by its `traceId`.
 */
const OTLP_SIGNALS = new Map([
  ['resourceSpans', 'traces'],
  ['resource_spans', 'traces'],
  ['resourceLogs', 'logs'],
  ['resource_logs', 'logs'],
  ['resourceMetrics', 'metrics'],
  ['resource_metrics', 'metrics'],
]);

/** The store of the signal an OpenTelemetry export holds (`OTLP_SIGNALS`), or null. */
function otlpSignal(record: Record<string, unknown>): string | null {
  for (const [key, domain] of OTLP_SIGNALS) if (Array.isArray(record[key])) return domain;
  return null;
}

/**
 * The record a Kafka Connect envelope carries, or null. Its JSON converter with schemas enabled writes
 * `{schema: {type: 'struct', fields, optional, name}, payload: {…}}`: every kind of record a connector
 * sent, Debezium's change events too, started or joined one `records` store by those two keys.
 */
function envelopePayload(record: Record<string, unknown>): Record<string, unknown> | null {
  const { schema, payload } = record;
  if (!isObject(schema) || typeof schema.type !== 'string' || !isObject(payload)) return null;
  return Object.keys(record).length === 2 ? payload : null;
}

/** The fields holding a record's own address in its API. */
const ADDRESS_KEYS = ['url', 'self', 'href'];
/** An API's address: on an `api.` host, or under `/api/`, `/rest/` or a version (`/v2/`). */
const API_ADDRESS = /^https?:\/\/(?:api\.[^/]+\/|[^/]+\/(?:.*\/)?(?:api|rest|v\d+)\/)/;
/** The last two segments of an address's path: a collection and an item of it (`tickets/35436.json`). */
const COLLECTION_ITEM = /\/([A-Za-z][A-Za-z_-]{1,47})\/([^/?#]+?)(?:\.json)?(?:[?#].*)?$/;

/**
 * The collection a record's own API address names, where it ends in the record's id: Zendesk's
 * tickets are `{url: '…/api/v2/tickets/35436.json', id: 35436, type: 'incident' | 'question' |
 * 'problem' | 'task', …}`, and by their type started `incidents` and `questions` stores. Read where a
 * record also declares a type, which then is a property of it (as a Kubernetes event's `type` is).
 */
function addressedCollection(
  record: Record<string, unknown>,
  addressKeys: readonly string[] = ADDRESS_KEYS,
): string | null {
  const id = record.id;
  if (typeof id !== 'string' && typeof id !== 'number') return null;
  for (const key of addressKeys) {
    const address = record[key];
    if (typeof address !== 'string' || !API_ADDRESS.test(address)) continue;
    const m = COLLECTION_ITEM.exec(address);
    if (m && m[2] === String(id)) return m[1]!;
  }
  return null;
}

/**
 * The collection a resource's `self` address names, where no type is declared: Jira's REST API gives
 * `{id: '10002', self: '…/rest/api/3/issue/10002', key: 'ENG-2', fields: {…}}`, and its issues
 * started `records`. A `url` alone is not read so: a GitHub Actions run's ends in `…/actions/runs/ID`
 * and is a build.
 */
function selfCollection(record: Record<string, unknown>): string | null {
  return addressedCollection(record, ['self']);
}

/**
 * The domain an earlier version named by a record's declared type where this one reads the type
 * otherwise (a code, a span's kind, a Reddit thing's kind), or null: a store it started by that name
 * (`s`, `t3s`, `servers`) keeps taking the records it took. `declared` is what this version reads
 * (`explicitDomain`).
 */
function namedBefore(record: Record<string, unknown>, declared: string | null): string | null {
  const value = explicitType(record);
  if (value === null || namesEventAsWritten(value) || metricKind(record, value)) return null;
  const before = domainName(value);
  return before === declared ? null : before;
}

/**
 * The store an earlier version filed a record in where this one reads the record otherwise, or
 * undefined: the store named by its declared type then (`namedBefore`), or the one its wrapper's look
 * started (`storeWrappingBefore`). `declared` is what this version reads (`explicitDomain`).
 */
function formerStore(
  stores: readonly StoreEntry[],
  record: Record<string, unknown>,
  declared: string | null,
  keys: readonly string[],
): StoreEntry | undefined {
  const before = namedBefore(record, declared);
  return before === null ? storeWrappingBefore(stores, record, keys) : storeOfDomain(stores, before, keys);
}

/**
 * The `records` store an earlier version started for a wrapper by its look (OpenTelemetry's exports,
 * Kafka Connect's envelopes), which keeps taking it. Only a store that holds the shape, and for an
 * envelope its payload's shape too: a `records` store of envelopes whose payloads nothing names (as
 * this version starts it too) does not take the envelopes of users a later record brings.
 */
function storeWrappingBefore(
  stores: readonly StoreEntry[],
  record: Record<string, unknown>,
  keys: readonly string[],
): StoreEntry | undefined {
  const payload = envelopePayload(record);
  if (payload === null && otlpSignal(record) === null) return undefined;
  const held = stores.filter((s) => s.domain === 'records' && (payload === null || holdsPayload(s, payload)));
  return bestFit(held, keys)?.store;
}

/** Whether a store of envelopes learned most of `payload`'s fields under its own `payload`. */
function holdsPayload(store: StoreEntry, payload: Record<string, unknown>): boolean {
  const learned = fieldStats(store.fields, 'payload')?.fields;
  if (learned === undefined) return false;
  const keys = Object.keys(payload);
  const known = keys.filter((k) => fieldStats(learned, k) !== undefined).length;
  return known >= keys.length * JOIN_RECORD_COVERAGE;
}

/**
 * A type written as a code, not a word: one or two letters, digits after them or not. Auth0's log
 * events are `{type: 's' | 'f' | 'fp' | …, description, log_id, …}` and Reddit's things `{kind:
 * 't3', data}`; by their codes they started stores called `s`, `fs`, `fps` and `t3s`, one per code.
 */
const TYPE_CODE = /^[A-Za-z]{1,2}\d{0,3}$/;

/**
 * The kinds of Reddit's things, by their documented prefixes: a `t1` is a comment, a `t3` a link (a
 * post, as users call it), and each thing's name carries its kind (`{kind: 't3', data: {name:
 * 't3_abc', …}}`), as a Stripe object's id carries its type.
 */
const THING_KINDS = new Map([
  ['t1', 'comment'],
  ['t2', 'account'],
  ['t3', 'post'],
  ['t4', 'message'],
  ['t5', 'subreddit'],
  ['t6', 'award'],
]);

/** The noun of a Reddit thing's kind (see `THING_KINDS`), only beside a name that carries it. */
function thingKind(record: Record<string, unknown>, value: string): string | null {
  const noun = THING_KINDS.get(value);
  const data = record.data;
  if (noun === undefined || record.kind !== value || typeof data !== 'object' || data === null) return null;
  const name = (data as Record<string, unknown>).name;
  return typeof name === 'string' && name.startsWith(`${value}_`) ? noun : null;
}

/** The fields holding a log line's own id (Auth0's `log_id`), and those saying when and what. */
const LOG_ID_KEYS = ['log_id', 'logId'];
const LOG_LINE_KEYS = ['date', 'description'];

/**
 * Whether a record's `type` is the type of a log event: it stands beside the log line's own id and
 * its date or description. Auth0's log events (`{date, type, description, client_id, ip, hostname,
 * user_id, log_id, details, …}`, as its Management API and log streams give them) name their type by
 * a code of any length (`s`, `fp`, `seacft`, `sapi`, `fsa`) or by words (`gd_send_email`,
 * `flows_execution_completed`): the short codes started `logs`, the longer ones a store per code
 * (`seacfts`), the words `events`. A record that only refers to a log (`{log_id, type: 'comment',
 * body}`) keeps its type.
 */
function logEventType(record: Record<string, unknown>): boolean {
  return (
    LOG_ID_KEYS.some((k) => Object.hasOwn(record, k)) && LOG_LINE_KEYS.some((k) => Object.hasOwn(record, k))
  );
}

/**
 * Whether a record's `type` is a property of it rather than its domain or an event's name: a log
 * event's type, a metric's kind, a span's kind.
 */
function typeOfProperty(record: Record<string, unknown>, value: string): boolean {
  return logEventType(record) || metricKind(record, value) || spanKind(record, value);
}

/** The kinds of a span: OpenTelemetry's (`SPAN_KIND_SERVER`), Zipkin's (`SERVER`). */
const SPAN_KINDS = /^(?:SPAN_KIND_)?(?:SERVER|CLIENT|PRODUCER|CONSUMER|INTERNAL|UNSPECIFIED)$/i;
/** The fields that make a record a span: its trace's id. */
const TRACE_KEYS = ['traceId', 'trace_id', 'TraceId'];

/**
 * Whether a record's `kind` is a span's kind (`{traceId, spanId, name, kind: 'SPAN_KIND_SERVER'}`,
 * Zipkin's `{traceId, id, kind: 'SERVER'}`), not a domain: by it, spans started `span_kind_servers`
 * and `servers` stores, where those sent with OTLP's numeric kind start `traces`.
 */
function spanKind(record: Record<string, unknown>, value: string): boolean {
  return SPAN_KINDS.test(value) && TRACE_KEYS.some((k) => Object.hasOwn(record, k));
}

/** The kinds of metric a `type` names (StatsD's, Prometheus's, Datadog's, OpenTelemetry's). */
const METRIC_KINDS = /^(?:counter|gauge|histogram|summary|timer|distribution|meter|rate|count|set)s?$/i;
/** The fields of a measurement beside a metric's kind. */
const MEASUREMENT_KEYS = ['value', 'points', 'metric', 'metric_name', 'count', 'sum', 'samples'];

/**
 * Whether a record's `type` names a metric's kind (`{name, value, type: 'counter'}`), not a domain:
 * by it, the metrics of one stream started `counters` and `gauges` stores. Only beside a measurement.
 */
function metricKind(record: Record<string, unknown>, value: string): boolean {
  return METRIC_KINDS.test(value) && MEASUREMENT_KEYS.some((k) => Object.hasOwn(record, k));
}

/**
 * The channels a notification is sent by, as its `channel` names them; a chat's are its rooms. Read
 * from a stream's first record of a shape: the later ones join the store it started by their shape.
 */
const DELIVERY_CHANNELS = /^(?:e-?mail|push|sms|mms|in[-_ ]?app|web[-_ ]?push|webhook)$/i;

/** An instrument's name, and the prices it is quoted or traded at. */
const SYMBOL_KEYS = new Set(['symbol', 'ticker', 'instrument', 'instrument_id', 'isin']);
const PRICE_KEYS = new Set([
  'price',
  'last',
  'last_price',
  'bid',
  'ask',
  'bid_price',
  'ask_price',
  'mid',
  'mark_price',
  'open',
  'close',
]);

/** Whether a record holds a price of a symbol: a quote's evidence, which `symbol` or `price` alone is not. */
function symbolPrice(spelled: readonly string[]): boolean {
  return spelled.some((k) => SYMBOL_KEYS.has(k)) && spelled.some((k) => PRICE_KEYS.has(k));
}

/** A notice's read state, its recipient, and what it says (see `readByRecipient`). */
const READ_STATE_KEYS = new Set(['read', 'is_read', 'read_at', 'seen', 'is_seen', 'seen_at', 'unread']);
const RECIPIENT_KEYS = new Set(['user_id', 'user', 'recipient_id', 'recipient', 'account_id']);
const NOTICE_KEYS = new Set(['title', 'body', 'message', 'text', 'content']);

/**
 * Whether a record says something to a recipient and whether they read it (`{user_id, title, read}`):
 * a notification's evidence, which a read flag alone is not (`{title, author, read}`, a book read).
 */
function readByRecipient(spelled: readonly string[]): boolean {
  return (
    spelled.some((k) => READ_STATE_KEYS.has(k)) &&
    spelled.some((k) => RECIPIENT_KEYS.has(k)) &&
    spelled.some((k) => NOTICE_KEYS.has(k))
  );
}

/** Fields holding what someone wrote, and fields naming the record it was written on. */
const WRITTEN_TEXT_KEYS = new Set(['body', 'text']);
const WRITTEN_ON_KEYS = new Set([
  // GitHub's comments name what they are on by its address: an issue comment its `issue_url`, a
  // review comment its `pull_request_url`.
  'issue_url',
  'pull_request_url',
  'post_id',
  'parent_id',
  'article_id',
  'story_id',
  'issue_id',
  'video_id',
  'photo_id',
]);

/**
 * Whether a record holds a text written on another record, named by its id (`{post_id, author, body}`,
 * Reddit's `{parent_id, author, body}`): a comment's evidence, which its fields one by one are not (a
 * like's `{user_id, post_id}`, a message's `{author, body}`, a tree's `{parent_id, name}`).
 */
function writtenOnRecord(spelled: readonly string[]): boolean {
  return spelled.some((k) => WRITTEN_TEXT_KEYS.has(k)) && spelled.some((k) => WRITTEN_ON_KEYS.has(k));
}

/**
 * Whether a record is what an installed app's webhook reports: an `action` beside the app's
 * `installation` (GitHub Apps' `{action, installation, issue, repository, sender}`, Sentry's
 * `{action: 'created', installation: {uuid}, data: {issue}, actor}`).
 */
function appWebhook(record: Record<string, unknown>): boolean {
  const { action, installation } = record;
  return typeof action === 'string' && typeof installation === 'object' && installation !== null;
}

/**
 * The keys the detectors weigh: the record's own, `log_event_type` when its `type` is a log event's
 * (`logEventType`), `event` when it names one, `metric_type` when it names a metric's kind,
 * `delivery_channel` for a `channel` that names one, `text_on_record` for a text written on another
 * record, `read_by_recipient` for a notice read, `symbol_price` for a price of a symbol and
 * `app_webhook` for an app's webhook (`appWebhook`).
 */
function detectorKeys(record: Record<string, unknown>, keys: string[]): string[] {
  const added: string[] = [];
  const value = explicitType(record);
  if (value !== null) {
    if (logEventType(record)) added.push('log_event_type');
    else if (typeNamesEvent(record, value)) added.push('event');
    else if (metricKind(record, value)) added.push('metric_type');
  }
  const spelled = keys.map(detectorSpelling);
  if (writtenOnRecord(spelled)) added.push('text_on_record');
  if (readByRecipient(spelled)) added.push('read_by_recipient');
  if (symbolPrice(spelled)) added.push('symbol_price');
  if (appWebhook(record)) added.push('app_webhook');
  const channel = record.channel;
  const own =
    typeof channel === 'string' && DELIVERY_CHANNELS.test(channel)
      ? keys.map((k) => (k === 'channel' ? 'delivery_channel' : k))
      : keys;
  const missing = added.filter((k) => !own.includes(k));
  return missing.length ? [...own, ...missing] : own;
}

/**
 * A unit or a height after a measurement's name (`temp_c`, `pressure_hpa`, `wind_speed_kmh`,
 * Open-Meteo's `temperature_2m`): the detectors weigh the quantity, whatever it is measured in.
 */
const UNIT_SUFFIX =
  /_(?:c|f|k|celsius|fahrenheit|kelvin|pct|percent|hpa|mbar|kpa|inhg|kmh|kph|mph|mps|mm|cm|v|mv|w|kw|kwh|ppm|dbm|bpm|\d{1,3}m)$/;

/** A record's keys as the detectors weigh them: spelled alike, and without a unit after the name. */
interface Weighed {
  spelled: string[];
  unitless: string[];
}

function weighKeys(keys: readonly string[]): Weighed {
  const spelled = keys.map(detectorSpelling);
  return { spelled, unitless: spelled.map((k) => k.replace(UNIT_SUFFIX, '')) };
}

/** What `weights` (one domain's detector) give the keys: each key as spelled, else without its unit. */
function scoreOf(weights: Map<string, number>, { spelled, unitless }: Weighed): number {
  let score = 0;
  for (let i = 0; i < spelled.length; i++)
    score += weights.get(spelled[i]!) ?? weights.get(unitless[i]!) ?? 0;
  return score;
}

/** What the detectors weigh for `domain` in `keys` (0 for a domain they do not know). */
function evidenceFor(domain: string, keys: readonly string[]): number {
  const weights = DETECTOR_WEIGHTS.get(domain);
  return weights ? scoreOf(weights, weighKeys(keys)) : 0;
}

export function detectDomain(
  keys: readonly string[],
  minScore = DETECTOR_MIN_SCORE,
  minLead = 1,
): { domain: string; score: number } | null {
  let best: { domain: string; score: number } | null = null;
  let second = 0;
  const keysWeighed = weighKeys(keys);
  for (const [domain, weights] of DETECTOR_WEIGHTS) {
    const score = scoreOf(weights, keysWeighed);
    if (!best || score > best.score) {
      second = best?.score ?? 0;
      best = { domain, score };
    } else if (score > second) second = score;
  }
  if (!best || best.score < minScore || best.score - second < minLead) return null;
  return best;
}

/**
 * Evidence too weak to classify a record by, enough to name the store it starts: a log without its
 * level (`{id, host, message, timestamp}`) scores 2 for logs. Its store would be called `records`,
 * and when it was the first of its kind, every later log joined it there: the sample data set with
 * each field missing from a record one time in ten put a whole kind in such a store in 5 of 8 seeds
 * (404-657 records a seed under another kind's name or none); named so, 0-57. Requiring a lead of 2
 * over the next domain instead of 1 left one seed at 400 (a sparse metric scores logs 2, metrics 1).
 */
const NAMING_MIN_SCORE = 2;

/**
 * How well a store's learned shape fits a record's keys: 0 (no fit) to 1 (same shape). A field's
 * share is taken against the most common field's count, never against `recordCount`: the record
 * count is exact at every commit, while per-field counts travel with the background learning flush
 * (seconds later, and from each region apart). A registry copy read from the database while records
 * arrive faster than their learning is flushed has a count many times its fields' counts; measured
 * against it no field was usual, nothing fitted, and a record of the store's own shape started a
 * second store (`records-2`).
 */
export function shapeFit(store: StoreEntry, keys: readonly string[]): number {
  return fieldsFitKeys(store.fields, keys);
}

/**
 * `shapeFit` of learned `fields`: of a store not yet in the registry (a batch's new store) or read
 * straight from its row. Asked at commit of a new store, of the keys of its first record, against a
 * store another region created meanwhile, so that the commit decides as classification would.
 */
export function fieldsFitKeys(fields: Record<string, FieldStats>, keys: readonly string[]): number {
  const core = usualFields(fields);
  const known = keys.filter((k) => fieldStats(fields, k) !== undefined).length;
  const recordCoverage = keys.length ? known / keys.length : 0;
  const keySet = new Set(keys);
  const storeCoverage = core.length ? core.filter((f) => keySet.has(f.name)).length / core.length : 0;
  const enough = recordCoverage === 1 && keys.length >= 2 ? SUBSET_STORE_COVERAGE : JOIN_STORE_COVERAGE;
  if (recordCoverage < JOIN_RECORD_COVERAGE || storeCoverage < enough) return 0;
  return (recordCoverage + storeCoverage) / 2;
}

/** The fields carried by at least CORE_FIELD_SHARE of the records, counted against the most common field. */
function usualFields(fields: Record<string, FieldStats>): FieldStats[] {
  const all = Object.values(fields);
  const total = Math.max(...all.map((f) => f.count), 1);
  return all.filter((f) => f.count / total >= CORE_FIELD_SHARE);
}

/**
 * The store of a domain other than `detected` that learned records of this shape: every key of the
 * record is a field it learned, the record carries most of its usual fields (a sparse record of the
 * shape, missing optional fields, still counts), and the detectors still see some evidence of its
 * domain in the record (`weighed`, the keys they weigh), so it was a reading of the shape once: log
 * lines sent to a store named `metrics` by `?domain=` are not metrics by their look, and a log
 * line sent without the hint starts `logs`. The `records` store a shape nobody could name started
 * has no evidence to see: a record that declares its type since an upgrade (Postmark's deliveries)
 * and has its shape joins it, where a store named by another declared type does not (a Salesforce
 * contact's `{attributes, Id, Name}` beside its accounts'). The largest, when several do. A record with a key such a store
 * never saw (a refund's `refund_id` beside an order's fields) is not its shape.
 */
function storeHoldingShape(
  stores: readonly StoreEntry[],
  keys: readonly string[],
  detected: string,
  weighed: readonly string[],
): StoreEntry | undefined {
  if (keys.length < 2) return undefined;
  const keySet = new Set(keys);
  let best: StoreEntry | undefined;
  for (const store of stores) {
    if (store.domain === detected || !keys.every((k) => fieldStats(store.fields, k) !== undefined)) continue;
    if (store.domain !== 'records' && evidenceFor(store.domain, weighed) <= 0) continue;
    const core = usualFields(store.fields);
    if (core.filter((f) => keySet.has(f.name)).length / core.length < JOIN_STORE_COVERAGE) continue;
    if (!best || store.recordCount > best.recordCount) best = store;
  }
  return best;
}

/**
 * The store of `domain` a record joins: the one its shape fits best, else the largest. A store an
 * earlier version spelled the domain's name otherwise for (`alias` for `aliases`) is of the domain.
 */
function storeOfDomain(
  stores: readonly StoreEntry[],
  domain: string,
  keys: readonly string[],
): StoreEntry | undefined {
  const sameDomain = stores.filter((s) => s.domain === domain || domainName(s.domain) === domain);
  return bestFit(sameDomain, keys)?.store ?? sameDomain.sort((a, b) => b.recordCount - a.recordCount)[0];
}

/**
 * A store of the record's shape whose records' declared type is a code (`TYPE_CODE`): Auth0's log
 * events, `s`, `f`, `fp`, in `logs`. There the field is a property of the records, not their domain,
 * and a longer code of it (`seacft`, `sapi`) joins them rather than starting a store of its own. A
 * log event with its date and description is read as one by its type (`logEventType`); this keeps
 * together the streams trimmed of both (`{log_id, type, client_id, ip}`).
 */
function storeTypedByCodes(
  stores: readonly StoreEntry[],
  record: Record<string, unknown>,
  keys: readonly string[],
): StoreEntry | undefined {
  const key = explicitDomainKey(record);
  if (key === null) return undefined;
  const typedByCodes = stores.filter((store) => {
    const values = fieldStats(store.fields, key)?.values;
    return values !== undefined && Object.keys(values).some((v) => TYPE_CODE.test(v) && !THING_KINDS.has(v));
  });
  return bestFit(typedByCodes, keys)?.store;
}

/** A store created explicitly that no record has reached: it has learned no field. */
function awaitsFirstRecords(store: StoreEntry): boolean {
  for (const _ in store.fields) return false;
  return true;
}

function newStoreId(domain: string, stores: readonly StoreEntry[]): string {
  const taken = new Set(stores.map((s) => s.id));
  if (!taken.has(domain)) return domain;
  for (let n = 2; ; n++) if (!taken.has(`${domain}-${n}`)) return `${domain}-${n}`;
}

function bestFit(
  stores: readonly StoreEntry[],
  keys: readonly string[],
): { store: StoreEntry; fit: number } | null {
  let best: { store: StoreEntry; fit: number } | null = null;
  for (const store of stores) {
    const fit = shapeFit(store, keys);
    if (fit > 0 && (!best || fit > best.fit)) best = { store, fit };
  }
  return best;
}

/** An id field and its noun: `order_id`, `orderId`, `orderID`. */
const ID_KEY = /^([A-Za-z][A-Za-z0-9]*?)(?:_id|Id|ID)$/;

/** Nouns of an id field that name no kind of record: `external_id`, `parent_id`, `ref_id`, … */
const GENERIC_ID_NOUNS = new Set([
  'external',
  'parent',
  'ref',
  'object',
  'record',
  'row',
  'item',
  'entity',
  'uuid',
  'guid',
  'unique',
  'primary',
  'doc',
  'internal',
  'source',
  'target',
]);

/**
 * The domain a record of a shape no detector knows names by its first key, when that key is an id:
 * `{ticket_id, …}` → tickets, `{sessionId, …}` → sessions, `{invoiceID, …}` → invoices. A store
 * called `records` (`records-2`, …) is one nobody can ask about by name; the query engine reads a
 * store's domain as its noun ("how many tickets", "products under 20": with both stores named
 * `records`, the second was answered from the tickets' `response_minutes`). An id of a domain a
 * detector knows (`user_id` first, in a record not detected as a user) refers to one rather than
 * names the record, and generic ids (`external_id`) name nothing.
 */
export function idKeyDomain(keys: readonly string[]): { domain: string; score: number } | null {
  const first = keys[0];
  const m = first === undefined ? null : ID_KEY.exec(first);
  if (!m) return null;
  const noun = detectorSpelling(m[1]!);
  if (noun.length < 3 || GENERIC_ID_NOUNS.has(noun)) return null;
  const domain = domainName(noun);
  return DETECTOR_WEIGHTS.has(domain) ? null : { domain, score: 0 };
}

/**
 * Whether a record is of the `detected` domain only by the id of one it refers to: a refund
 * `{refund_id, order_id, amount, reason}` or an order's line `{order_item_id, order_id, quantity,
 * price}` scores orders by `order_id` (3 of their 5); without it they are no orders. Asked of a
 * record that names its own kind by its first key (`idKeyDomain`), which then names its store.
 */
function refersTo(detected: { domain: string; score: number }, keys: readonly string[]): boolean {
  const weights = DETECTOR_WEIGHTS.get(detected.domain)!;
  let ids = 0;
  for (const key of keys) {
    const m = ID_KEY.exec(key);
    if (m && domainName(detectorSpelling(m[1]!)) === detected.domain)
      ids += weights.get(detectorSpelling(key)) ?? 0;
  }
  return detected.score - ids < DETECTOR_MIN_SCORE;
}

export function classifyRecord(
  record: Record<string, unknown>,
  stores: readonly StoreEntry[],
  hint?: string | null,
): Classification {
  const keys = Object.keys(record);
  const declared = hint ? null : explicitDomain(record);
  const former = hint ? undefined : formerStore(stores, record, declared, keys);
  if (former) return { domain: former.domain, storeId: former.id, isNew: false, reason: 'shape' };
  const named = hint ? domainName(hint) : declared;
  if (named) {
    const target = storeOfDomain(stores, named, keys);
    const reason = hint ? 'hint' : 'explicit';
    if (target) return { domain: target.domain, storeId: target.id, isNew: false, reason };
    // An API object's declared type is read since this version (`declaredSinceUpgrade`): a store an
    // earlier one filed such objects in by their look (Stripe refunds in `orders`) keeps taking them.
    const kept = hint
      ? undefined
      : ((declaredSinceUpgrade(record)
          ? storeHoldingShape(stores, keys, named, detectorKeys(record, keys))
          : undefined) ?? storeTypedByCodes(stores, record, keys));
    if (kept) return { domain: kept.domain, storeId: kept.id, isNew: false, reason: 'shape' };
    return { domain: named, storeId: newStoreId(named, stores), isNew: true, reason };
  }
  // Scored once: the evidence that names a new store is the detection with a lower bar.
  const evidence = detectDomain(detectorKeys(record, keys), NAMING_MIN_SCORE);
  // A record whose `type` names an event is one, whatever id comes first (Square's webhooks start
  // with the `merchant_id` they are for, and by it started `merchants`).
  const ownId = declaresEvent(record) ? null : idKeyDomain(keys);
  const detected =
    (evidence && evidence.score >= DETECTOR_MIN_SCORE && !(ownId && refersTo(evidence, keys))
      ? evidence
      : null) ?? ownId;
  // A record that carries its domain's signature only joins a store of that domain (or one with no
  // known domain): a users record never lands in orders just because both have an `id` and a `status`.
  const candidates = detected
    ? stores.filter((s) => s.domain === detected.domain || !DETECTOR_WEIGHTS.has(s.domain))
    : stores;
  const fit = bestFit(candidates, keys);
  if (fit) return { domain: fit.store.domain, storeId: fit.store.id, isNew: false, reason: 'shape' };
  // Failing one, a store of another domain that learned this shape keeps taking it whatever the
  // detectors now say: a store an earlier version started for the shape (notifications filed as
  // `messages` before `notifications` was known, shipments as `orders`) is not split in two by an upgrade.
  const kept = detected
    ? storeHoldingShape(stores, keys, detected.domain, detectorKeys(record, keys))
    : undefined;
  if (kept) return { domain: kept.domain, storeId: kept.id, isNew: false, reason: 'shape' };
  if (detected) {
    const existing = stores.filter((s) => s.domain === detected.domain);
    // A sparse record of a known domain (missing optional fields) joins that domain's store rather
    // than starting a near-duplicate; so does the first record of a domain whose store was created
    // explicitly (POST /v1/mcps) and has learned nothing yet.
    const sparse = existing.find(
      (s) => keys.filter((k) => fieldStats(s.fields, k)).length / keys.length >= JOIN_RECORD_COVERAGE,
    );
    const target = sparse ?? existing.find(awaitsFirstRecords);
    if (target) return { domain: detected.domain, storeId: target.id, isNew: false, reason: 'detector' };
    return {
      domain: detected.domain,
      storeId: newStoreId(detected.domain, stores),
      isNew: true,
      reason: 'detector',
    };
  }
  const domain = evidence?.domain ?? 'records';
  return { domain, storeId: newStoreId(domain, stores), isNew: true, reason: 'new' };
}
