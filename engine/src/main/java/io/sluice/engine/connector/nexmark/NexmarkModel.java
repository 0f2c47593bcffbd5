package io.sluice.engine.connector.nexmark;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Nexmark auction model shared by the three tables: the constants of the benchmark, the
 * per-seed tables of text (padding, channels, URLs) pre-encoded as bytes, and event time.
 *
 * <p>It follows the workplace benchmark generator ({@code bench/nexmark-gen}) draw for draw,
 * so that for the same seed, base time and event-time rate the built-in source and the files
 * that generator writes hold the same events:
 * <ul>
 *   <li>events repeat in epochs of 50: 1 person, then 3 auctions, then 46 bids;
 *   <li>person and auction ids start at 1000, categories at 10 (5 of them);
 *   <li>hot items: half of the bids go to the newest auction rounded down to a multiple of 100,
 *       three quarters of the bids come from (and three quarters of the auctions are sold by)
 *       the newest person rounded down likewise (+1 for bidders);
 *   <li>other people are drawn from the 1000 newest (plus a lead of 10), other auctions from
 *       the 100 newest (lead 10);
 *   <li>prices are {@code round(10^(6u) * 100)} for u uniform in [0, 1);
 *   <li>event {@code n} happens at {@code base + floor(n * 1e6 / rate) / 1000} ms;
 *   <li>every event draws from its own random stream seeded by (seed, n).
 * </ul>
 */
final class NexmarkModel {
  static final int PERSON_PROPORTION = 1;
  static final int AUCTION_PROPORTION = 3;
  static final int BID_PROPORTION = 46;
  static final int TOTAL_PROPORTION = PERSON_PROPORTION + AUCTION_PROPORTION + BID_PROPORTION;

  static final long FIRST_PERSON_ID = 1000L;
  static final long FIRST_AUCTION_ID = 1000L;
  static final long FIRST_CATEGORY_ID = 10L;
  static final int NUM_CATEGORIES = 5;

  static final int HOT_AUCTION_RATIO = 2;
  static final int HOT_SELLERS_RATIO = 4;
  static final int HOT_BIDDERS_RATIO = 4;
  static final int HOT_BATCH = 100;

  static final int NUM_ACTIVE_PEOPLE = 1000;
  static final int NUM_IN_FLIGHT_AUCTIONS = 100;
  static final int PERSON_ID_LEAD = 10;
  static final int AUCTION_ID_LEAD = 10;

  static final int AVG_PERSON_BYTES = 200;
  static final int AVG_AUCTION_BYTES = 500;
  static final int AVG_BID_BYTES = 100;

  /** Events until an auction's expiry horizon: about 100 more auctions. */
  static final long EVENTS_FOR_AUCTIONS = ((long) NUM_IN_FLIGHT_AUCTIONS * TOTAL_PROPORTION) / AUCTION_PROPORTION;

  static final byte[][] STATES = ascii("AZ", "CA", "ID", "OR", "WA", "WY");
  static final byte[][] CITIES = ascii("Phoenix", "Los Angeles", "San Francisco", "Boise", "Portland", "Bend",
      "Redmond", "Seattle", "Kent", "Cheyenne");
  static final byte[][] FIRST_NAMES = ascii("Peter", "Paul", "Luke", "John", "Saul", "Vicky", "Kate", "Julie",
      "Sarah", "Deiter", "Walter");
  static final byte[][] LAST_NAMES = ascii("Shultz", "Abrams", "Spencer", "White", "Bartels", "Walton", "Smith",
      "Jones", "Noris");
  static final byte[][] HOT_CHANNELS = ascii("Google", "Facebook", "Baidu", "Apple");
  static final int NUM_CHANNELS = 10_000;
  static final int PAD_LENGTH = 1 << 20;

  final long seed;
  final long baseTimeMillis;
  final long eventsPerSecond;
  /** Microseconds of event time between two events, as the generator computes it. */
  private final double microsPerEvent;
  /** Random letters; an event's {@code extra} is a slice of it. */
  final byte[] pad;
  final byte[][] hotUrls;
  final byte[][] channelNames;
  final byte[][] channelUrls;

  private NexmarkModel(long seed, long baseTimeMillis, long eventsPerSecond, Texts texts) {
    this.seed = seed;
    this.baseTimeMillis = baseTimeMillis;
    this.eventsPerSecond = eventsPerSecond;
    this.microsPerEvent = 1_000_000.0 / eventsPerSecond;
    this.pad = texts.pad;
    this.hotUrls = texts.hotUrls;
    this.channelNames = texts.channelNames;
    this.channelUrls = texts.channelUrls;
  }

  /**
   * The model for a seed, base time (ms since the epoch) and event-time rate (events per
   * second of event time). The text tables depend on the seed only and are shared.
   */
  static NexmarkModel of(long seed, long baseTimeMillis, long eventsPerSecond) {
    return new NexmarkModel(seed, baseTimeMillis, eventsPerSecond, Texts.of(seed));
  }

  long timestampMillis(long eventNumber) {
    return baseTimeMillis + (long) (eventNumber * microsPerEvent) / 1000L;
  }

  /** Base-0 id of the newest person at or before this event. */
  static long lastBase0PersonId(long eventNumber) {
    long epoch = eventNumber / TOTAL_PROPORTION;
    long offset = eventNumber % TOTAL_PROPORTION;
    if (offset >= PERSON_PROPORTION) {
      offset = PERSON_PROPORTION - 1;
    }
    return epoch * PERSON_PROPORTION + offset;
  }

  /** Base-0 id of the newest auction at or before this event (-1 before the first). */
  static long lastBase0AuctionId(long eventNumber) {
    long epoch = eventNumber / TOTAL_PROPORTION;
    long offset = eventNumber % TOTAL_PROPORTION;
    if (offset < PERSON_PROPORTION) {
      epoch--;
      offset = AUCTION_PROPORTION - 1;
    } else if (offset >= PERSON_PROPORTION + AUCTION_PROPORTION) {
      offset = AUCTION_PROPORTION - 1;
    } else {
      offset -= PERSON_PROPORTION;
    }
    return epoch * AUCTION_PROPORTION + offset;
  }

  private static byte[][] ascii(String... values) {
    byte[][] bytes = new byte[values.length][];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = values[i].getBytes(StandardCharsets.US_ASCII);
    }
    return bytes;
  }

  /** The per-seed text tables, drawn from one random stream in the generator's order. */
  private static final class Texts {
    private static final int CACHED_SEEDS = 4;
    private static final Map<Long, Texts> CACHE = new LinkedHashMap<>(8, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<Long, Texts> eldest) {
        return size() > CACHED_SEEDS;
      }
    };

    final byte[] pad = new byte[PAD_LENGTH];
    final byte[][] hotUrls = new byte[HOT_CHANNELS.length][];
    final byte[][] channelNames = new byte[NUM_CHANNELS][];
    final byte[][] channelUrls = new byte[NUM_CHANNELS][];

    static Texts of(long seed) {
      synchronized (CACHE) {
        return CACHE.computeIfAbsent(seed, Texts::new);
      }
    }

    private Texts(long seed) {
      EventRandom r = new EventRandom();
      r.reseed(seed ^ 0x5DEECE66DL);
      for (int i = 0; i < PAD_LENGTH; i++) {
        pad[i] = (byte) ('a' + r.nextInt(26));
      }
      for (int i = 0; i < hotUrls.length; i++) {
        hotUrls[i] = baseUrl(r).getBytes(StandardCharsets.US_ASCII);
      }
      for (int i = 0; i < NUM_CHANNELS; i++) {
        String url = baseUrl(r);
        if (r.nextInt(10) > 0) {
          url = url + "&channel_id=" + Math.abs(Integer.reverse(i));
        }
        channelNames[i] = ("channel-" + i).getBytes(StandardCharsets.US_ASCII);
        channelUrls[i] = url.getBytes(StandardCharsets.US_ASCII);
      }
    }

    private static String baseUrl(EventRandom r) {
      byte[] scratch = new byte[8];
      StringBuilder sb = new StringBuilder("https://www.nexmark.com/");
      for (int i = 0; i < 3; i++) {
        int length = NexmarkGenerator.nextString(r, 5, (byte) '_', scratch, 0);
        sb.append(new String(scratch, 0, length, StandardCharsets.US_ASCII)).append('/');
      }
      return sb.append("item.htm?query=1").toString();
    }
  }
}
