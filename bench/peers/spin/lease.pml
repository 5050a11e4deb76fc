/*
 * Lease election over a CAS block (PolarDB's Voting Disk Service), written in Promela so that
 * SPIN can search the same protocol as haspec's model (model/lease/) exhaustively, for the peer
 * benchmark in bench/peers.ts. It is the model of bench/peers/quint/lease.qnt, transition for
 * transition: the same state, the same events, the same settle loop; see the mapping and the
 * simplifications listed there. In short:
 *
 *   haspec (model/lease/)                     here
 *   ----------------------------------------  ------------------------------------------------
 *   stepLease(config, state, event)           one d_step per event in `world`, then settle()
 *   settle / nextDueMs / advanceTime          settle() / nextDue() / the TimeAdvanced options
 *   wakeNode (node.ts)                        leaderWakes() / followerWakes() / observer wake
 *   issueCas / landCas / deliverCasReply      issueCas() / landCas() / deliverCasReply()
 *   landWrite with lease.fencing              landWrite() with FENCING
 *   holderWindowNs, contenderWaitNs           HOLD, WAIT (computed by the bench, drift folded in)
 *   SingleLeaseHolder, FencedWrites           assertions checked after every event
 *
 * Simplified as in the Quint model: clocks are true time (drift folded into HOLD and WAIT, no
 * clock events); a pause has no length chosen up front but ends with a NodeResumed event; a node
 * has one CAS and one write slot; no registry, observers' reads, LeaseReleased or liveness ghost
 * state. Two things are SPIN's own:
 *
 * - Time is in quanta (the bench scales the preset's durations to one, rounding the holder's
 *   window down and the contender's wait up: bench/peers/constants.ts). It stops at HORIZON,
 *   which makes a depth-first search finite; the bench sets it out of reach and bounds a
 *   breadth-first search by depth instead, as `haspec check --depth` does. Every event but
 *   TimeAdvanced stays enabled at the horizon.
 * - TimeAdvanced{maxMs} with maxMs in 1..TTL reaches every instant up to the next due one. Here
 *   it is two options, one quantum or straight to the next due instant (capped at TTL): the
 *   instants reached, hence the reachable states, are the same, with fewer edges.
 *
 * Compile-time constants (spin -D...): N, TTL, RENEW, LATENCY, HOLD, WAIT, HORIZON, FENCING,
 * CRASHES, PARTITIONS, PAUSES. Defaults below are vds-fenced at a 100 ms quantum.
 */

#ifndef N
#define N 2
#endif
#ifndef TTL
#define TTL 20
#endif
#ifndef RENEW
#define RENEW 5
#endif
#ifndef LATENCY
#define LATENCY 1
#endif
#ifndef HOLD
#define HOLD 17
#endif
#ifndef WAIT
#define WAIT 23
#endif
#ifndef HORIZON
#define HORIZON 40
#endif
#ifndef FENCING
#define FENCING 1
#endif
#ifndef CRASHES
#define CRASHES 1
#endif
#ifndef PARTITIONS
#define PARTITIONS 1
#endif
#ifndef PAUSES
#define PAUSES 1
#endif

#define NOBODY 255
#define LEADER 0
#define FOLLOWER 1
#define OBSERVER 2

/* A node's CAS phase: none, issued (on its way to storage), landed (its reply on the way). */
#define CAS_NONE 0
#define CAS_ISSUED 1
#define CAS_LANDED 2

typedef Block { byte holder; byte epoch; byte seq };

typedef Node {
  byte role; bool up; bool paused; short pausedAt; bool reachable;
  byte leaseEpoch; byte leaseSeq; short leaseEnd; short wake;
  Block observed; short observedSince; bool hasObserved;
  /* The CAS slot. */
  byte casPhase; bool casAcquire; Block casExpected; Block casProposed;
  short casSentAt; short casDueAt; bool casOk; bool casOrphan;
  /* The write slot; held once its issuer paused (a crash then loses it). */
  bool wPending; bool wHeld; byte wEpoch; short wDueAt
};

short now;
Block block;
Node n[N];
/* Ghost: a write from a deposed epoch was accepted (FencedWrites is its negation). */
bool staleWriteAccepted;

/*
 * Scratch for the deterministic helpers, zero again at the end of every event so that it adds no
 * states (not `hidden`: pan's breadth-first search refuses hidden variables).
 */
byte k; byte i; short best; short due; bool ok; bool work; byte count;

#define running(x)        (n[x].up && !n[x].paused)
#define believesLeader(x) (n[x].up && n[x].role == LEADER && n[x].leaseEpoch > 0 && now < n[x].leaseEnd)
#define sameBlock(a, b)   (a.holder == b.holder && a.epoch == b.epoch && a.seq == b.seq)

/* Slot s is node s/2's CAS (s even) or write (s odd). */
#define pending(s)     ((s) % 2 == 0 -> n[(s) / 2].casPhase != CAS_NONE : n[(s) / 2].wPending)
#define dueAt(s)       ((s) % 2 == 0 -> n[(s) / 2].casDueAt : n[(s) / 2].wDueAt)
/* A CAS reply waits while its live issuer is paused. */
#define canProgress(s) (pending(s) && ((s) % 2 == 1 || n[(s) / 2].casPhase == CAS_ISSUED || running((s) / 2) || !n[(s) / 2].up || n[(s) / 2].casOrphan))
/* Time forces a slot only while its issuer is not paused: a paused node's deadlines are frozen. */
#define forced(s)      (canProgress(s) && !(n[(s) / 2].up && n[(s) / 2].paused))

inline issueCas(x, acquire, eh, ee, es, ph, pe, ps) {
  n[x].casPhase = CAS_ISSUED; n[x].casAcquire = acquire;
  n[x].casExpected.holder = eh; n[x].casExpected.epoch = ee; n[x].casExpected.seq = es;
  n[x].casProposed.holder = ph; n[x].casProposed.epoch = pe; n[x].casProposed.seq = ps;
  n[x].casSentAt = now; n[x].casDueAt = now + LATENCY / 2; n[x].casOk = false; n[x].casOrphan = false
}

inline clearCas(x) {
  n[x].casPhase = CAS_NONE; n[x].casAcquire = false;
  n[x].casExpected.holder = 0; n[x].casExpected.epoch = 0; n[x].casExpected.seq = 0;
  n[x].casProposed.holder = 0; n[x].casProposed.epoch = 0; n[x].casProposed.seq = 0;
  n[x].casSentAt = 0; n[x].casDueAt = 0; n[x].casOk = false; n[x].casOrphan = false
}

inline clearWrite(x) { n[x].wPending = false; n[x].wHeld = false; n[x].wEpoch = 0; n[x].wDueAt = 0 }

inline forget(x) { n[x].hasObserved = false; n[x].observed.holder = 0; n[x].observed.epoch = 0; n[x].observed.seq = 0; n[x].observedSince = 0 }

inline dropLease(x) { n[x].leaseEpoch = 0; n[x].leaseSeq = 0; n[x].leaseEnd = 0 }

/* A CAS lands: it swaps the block iff the block is still what the issuer saw. */
inline landCas(x) {
  ok = sameBlock(block, n[x].casExpected);
  if
  :: ok -> block.holder = n[x].casProposed.holder; block.epoch = n[x].casProposed.epoch; block.seq = n[x].casProposed.seq
  :: else -> skip
  fi;
  n[x].casPhase = CAS_LANDED; n[x].casOk = ok; n[x].casDueAt = n[x].casDueAt + (LATENCY + 1) / 2;
  ok = false
}

/* The CAS reply reaches its issuer; an issuer that crashed since never hears it. */
inline deliverCasReply(x) {
  if
  :: n[x].casOrphan || !n[x].up -> skip
  :: else ->
    if
    :: !n[x].casOk && !n[x].casAcquire && n[x].role == LEADER ->
      n[x].role = FOLLOWER; dropLease(x); forget(x); n[x].wake = now
    :: !n[x].casOk && !(!n[x].casAcquire && n[x].role == LEADER) ->
      forget(x); n[x].wake = now
    :: n[x].casOk && n[x].casAcquire ->
      n[x].role = LEADER; n[x].leaseEpoch = n[x].casProposed.epoch; n[x].leaseSeq = n[x].casProposed.seq;
      n[x].leaseEnd = n[x].casSentAt + HOLD; forget(x); n[x].wake = now
    :: n[x].casOk && !n[x].casAcquire && n[x].role == LEADER && n[x].leaseEpoch == n[x].casProposed.epoch ->
      n[x].leaseSeq = n[x].casProposed.seq; n[x].leaseEnd = n[x].casSentAt + HOLD
    :: else -> skip
    fi
  fi;
  clearCas(x)
}

/* A write lands. With fencing, storage accepts only the block's current epoch. */
inline landWrite(x) {
  if
  :: (!FENCING || n[x].wEpoch == block.epoch) && n[x].wEpoch != block.epoch -> staleWriteAccepted = true
  :: else -> skip
  fi;
  clearWrite(x)
}

inline progressSlot(s) {
  if
  :: (s) % 2 == 1 -> landWrite((s) / 2)
  :: (s) % 2 == 0 && n[(s) / 2].casPhase == CAS_ISSUED -> landCas((s) / 2)
  :: else -> deliverCasReply((s) / 2)
  fi
}

inline leaderWakes(x) {
  if
  :: n[x].leaseEpoch == 0 || now >= n[x].leaseEnd ->
    n[x].role = FOLLOWER; dropLease(x); forget(x); n[x].wake = now
  :: else ->
    if
    :: n[x].casPhase == CAS_NONE && n[x].reachable ->
      issueCas(x, false, x, n[x].leaseEpoch, n[x].leaseSeq, x, n[x].leaseEpoch, n[x].leaseSeq + 1)
    :: else -> skip
    fi;
    n[x].wake = (now + RENEW < n[x].leaseEnd -> now + RENEW : n[x].leaseEnd)
  fi
}

inline followerWakes(x) {
  if
  :: !n[x].reachable -> n[x].wake = now + RENEW
  :: else ->
    if
    :: !n[x].hasObserved || !sameBlock(n[x].observed, block) ->
      n[x].observed.holder = block.holder; n[x].observed.epoch = block.epoch; n[x].observed.seq = block.seq;
      n[x].observedSince = now; n[x].hasObserved = true
    :: else -> skip
    fi;
    /* A released block (no holder) needs no waiting out. */
    due = (n[x].observed.holder == NOBODY -> n[x].observedSince : n[x].observedSince + WAIT);
    if
    :: n[x].casPhase == CAS_NONE && now >= due ->
      issueCas(x, true, n[x].observed.holder, n[x].observed.epoch, n[x].observed.seq, x, n[x].observed.epoch + 1, 0)
    :: else -> skip
    fi;
    n[x].wake = (due > now && due < now + RENEW -> due : now + RENEW);
    due = 0
  fi
}

inline wakeNode(x) {
  if
  :: n[x].role == LEADER -> leaderWakes(x)
  :: n[x].role == FOLLOWER -> followerWakes(x)
  :: n[x].role == OBSERVER -> n[x].wake = now + RENEW
  fi
}

/* Performs everything due at the current instant: the earliest forced I/O, else a node's loop. */
inline settle() {
  work = true;
  do
  :: work ->
    best = -1;
    k = 0;
    do
    :: k < 2 * N ->
      if
      :: forced(k) && dueAt(k) <= now && (best == -1 || dueAt(k) < dueAt(best)) -> best = k
      :: else -> skip
      fi;
      k++
    :: else -> break
    od;
    if
    :: best >= 0 -> progressSlot(best)
    :: else ->
      best = -1;
      i = 0;
      do
      :: i < N -> if :: best == -1 && running(i) && n[i].wake <= now -> best = i :: else -> skip fi; i++
      :: else -> break
      od;
      if
      :: best >= 0 -> wakeNode(best)
      :: else -> work = false
      fi
    fi
  :: else -> break
  od;
  k = 0; i = 0; best = 0
}

/* The next instant after now at which something is due (at most TTL away). */
inline nextDue() {
  due = now + TTL;
  i = 0;
  do
  :: i < N ->
    if :: running(i) -> due = (due < (n[i].wake > now + 1 -> n[i].wake : now + 1) -> due : (n[i].wake > now + 1 -> n[i].wake : now + 1)) :: else -> skip fi;
    i++
  :: else -> break
  od;
  k = 0;
  do
  :: k < 2 * N ->
    if :: forced(k) -> due = (due < (dueAt(k) > now + 1 -> dueAt(k) : now + 1) -> due : (dueAt(k) > now + 1 -> dueAt(k) : now + 1)) :: else -> skip fi;
    k++
  :: else -> break
  od;
  i = 0; k = 0
}

/* Deadlines of the node's pending I/O move on by the time it spent paused. */
inline thaw(x) {
  if :: n[x].casPhase != CAS_NONE -> n[x].casDueAt = n[x].casDueAt + now - n[x].pausedAt :: else -> skip fi;
  if :: n[x].wPending -> n[x].wDueAt = n[x].wDueAt + now - n[x].pausedAt :: else -> skip fi;
  n[x].paused = false; n[x].pausedAt = 0
}

/* SingleLeaseHolder and FencedWrites, checked at the end of every event. */
inline checkInvariants() {
  count = 0;
  i = 0;
  do
  :: i < N -> if :: believesLeader(i) -> count++ :: else -> skip fi; i++
  :: else -> break
  od;
  assert(count <= 1);
  assert(!staleWriteAccepted);
  i = 0; count = 0
}

/*
 * Each event is one d_step, so that SPIN stores only the states between events: its guard (the
 * fault class the environment allows), the event, settle(), the invariants. A no-op event still
 * settles. The printf names the event in a replayed trail (`spin -t`); pan prints nothing.
 */
#define EVENT(guard, body, name, x) d_step { guard; body; settle(); checkInvariants(); printf(name, now, x) }

/* LeaderWriteRequested: the node checks its lease on its own clock first. */
#define WRITE(x) if \
  :: running(x) && believesLeader(x) && n[x].reachable && !n[x].wPending -> \
     n[x].wPending = true; n[x].wEpoch = n[x].leaseEpoch; n[x].wDueAt = now + LATENCY \
  :: else -> skip \
  fi

/* NodeWoke: its loop runs now, ahead of its timer. */
#define WOKE(x) if :: running(x) -> n[x].wake = now :: else -> skip fi

#define PAUSED(x) if :: n[x].up && !n[x].paused -> n[x].paused = true; n[x].pausedAt = now; n[x].wHeld = n[x].wPending :: else -> skip fi

#define RESUMED(x) if :: n[x].up && n[x].paused -> thaw(x) :: else -> skip fi

/* NodeCrashed: everything volatile is lost, with a write its pause held back. */
#define CRASHED(x) if \
  :: n[x].up -> \
     if :: n[x].paused -> thaw(x) :: else -> skip fi; \
     n[x].up = false; dropLease(x); forget(x); \
     if :: n[x].casPhase != CAS_NONE -> n[x].casOrphan = true :: else -> skip fi; \
     if :: n[x].wHeld -> clearWrite(x) :: else -> skip fi \
  :: else -> skip \
  fi

/* NodeRestarted: back as a follower (observers stay observers). */
#define RESTARTED(x) if :: !n[x].up -> n[x].up = true; n[x].role = (n[x].role == OBSERVER -> OBSERVER : FOLLOWER); n[x].wake = now :: else -> skip fi

#define PARTITIONED(x) n[x].reachable = false
#define HEALED(x) n[x].reachable = true

/* IoProgressed on slot s, if it can progress. */
#define PROGRESSED(s) if :: canProgress(s) -> progressSlot(s) :: else -> skip fi

/* Every event that names node x, and IoProgressed on its two slots. */
#define NODE_EVENTS(x) \
  :: EVENT(true, WRITE(x), "t=%d LeaderWriteRequested n%d\n", x) \
  :: EVENT(true, WOKE(x), "t=%d NodeWoke n%d\n", x) \
  :: EVENT(PAUSES, PAUSED(x), "t=%d NodePaused n%d\n", x) \
  :: EVENT(PAUSES, RESUMED(x), "t=%d NodeResumed n%d\n", x) \
  :: EVENT(CRASHES, CRASHED(x), "t=%d NodeCrashed n%d\n", x) \
  :: EVENT(CRASHES, RESTARTED(x), "t=%d NodeRestarted n%d\n", x) \
  :: EVENT(PARTITIONS, PARTITIONED(x), "t=%d StoragePartitioned n%d\n", x) \
  :: EVENT(PARTITIONS, HEALED(x), "t=%d StorageHealed n%d\n", x) \
  :: EVENT(true, PROGRESSED(2 * x), "t=%d IoProgressed (the CAS of n%d)\n", x) \
  :: EVENT(true, PROGRESSED(2 * x + 1), "t=%d IoProgressed (the write of n%d)\n", x)

inline initNode(x) {
  n[x].role = (x == 0 -> LEADER : (x == 1 -> FOLLOWER : OBSERVER));
  n[x].up = true; n[x].reachable = true;
  n[x].leaseEpoch = (x == 0 -> 1 : 0); n[x].leaseEnd = (x == 0 -> HOLD : 0)
}

active proctype world() {
  d_step {
    block.holder = 0; block.epoch = 1; block.seq = 0;
    i = 0;
    do
    :: i < N -> initNode(i); i++
    :: else -> break
    od;
    i = 0
  };
end:
  do
  /* TimeAdvanced: one quantum, or straight to the next due instant (capped at the horizon). */
  :: EVENT(now < HORIZON, now = now + 1, "t=%d TimeAdvanced (one quantum)\n", 0)
  :: EVENT(now < HORIZON, nextDue(); now = (due < HORIZON -> due : HORIZON); due = 0, "t=%d TimeAdvanced (to the next due instant)\n", 0)
  NODE_EVENTS(0)
  NODE_EVENTS(1)
#if N > 2
  NODE_EVENTS(2)
#endif
  od
}
