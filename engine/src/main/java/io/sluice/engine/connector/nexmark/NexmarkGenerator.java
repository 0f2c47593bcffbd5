package io.sluice.engine.connector.nexmark;

import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.data.BytesVector;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.catalog.data.LongVector;

/**
 * Writes the events of one table in a range of event numbers into a batch, column vectors
 * directly: no object per event, text copied as bytes from the model's tables or built in
 * scratch buffers. Draws stop after the last requested field (every event has its own random
 * stream, so unread fields at the end of an event need no draws). One per read; not shared.
 */
final class NexmarkGenerator {
  private final NexmarkModel model;
  private final long seed;
  private final EventRandom random = new EventRandom();
  private final byte[] scratchA = new byte[128];
  private final byte[] scratchB = new byte[128];
  private final byte[] creditCard = new byte[19];

  NexmarkGenerator(NexmarkModel model) {
    this.model = model;
    this.seed = model.seed;
  }

  /**
   * Generates the events of {@code table} with numbers in {@code [first, last)} into
   * {@code batch}, whose column {@code i} receives field {@code fieldOfColumn[i]}, pushing it to
   * {@code consumer} whenever it is full and at the end.
   */
  void generate(NexmarkTable table, long first, long last, Batch batch, int[] fieldOfColumn, BatchConsumer consumer) {
    generate(table, first, last, batch, fieldOfColumn, consumer, true);
  }

  /**
   * Generates the events {@code [first, last)}, whose rows fill at most {@code batch}, into it and
   * pushes it to {@code consumer} once if it holds any row, never touching it after: the consumer
   * may keep it.
   */
  void generateOneBatch(NexmarkTable table, long first, long last, Batch batch, int[] fieldOfColumn,
      BatchConsumer consumer) {
    generate(table, first, last, batch, fieldOfColumn, consumer, false);
  }

  private void generate(NexmarkTable table, long first, long last, Batch batch, int[] fieldOfColumn,
      BatchConsumer consumer, boolean reuse) {
    ColumnVector[] byField = new ColumnVector[table.fieldCount()];
    int lastField = -1;
    int duplicates = 0;
    for (int i = 0; i < fieldOfColumn.length; i++) {
      int field = fieldOfColumn[i];
      if (byField[field] == null) {
        byField[field] = batch.columns[i];
      } else {
        duplicates++;
      }
      lastField = Math.max(lastField, drawStage(table, field));
    }
    Output out = new Output(batch, consumer, fieldOfColumn, duplicates > 0, reuse);
    switch (table) {
      case PERSON:
        persons(first, last, byField, lastField, out);
        break;
      case AUCTION:
        auctions(first, last, byField, lastField, out);
        break;
      default:
        bids(first, last, byField, lastField, out);
        break;
    }
    out.flush();
  }

  /** The order in which an event's random draws produce a field: draws past the last needed stage are skipped. */
  private static int drawStage(NexmarkTable table, int field) {
    switch (table) {
      case PERSON:
        return field == NexmarkTable.PERSON_ID || field == NexmarkTable.PERSON_DATE_TIME ? 0 : field;
      case AUCTION:
        switch (field) {
          case NexmarkTable.AUCTION_ID:
          case NexmarkTable.AUCTION_DATE_TIME:
            return 0;
          case NexmarkTable.AUCTION_SELLER:
            return 1;
          case NexmarkTable.AUCTION_CATEGORY:
            return 2;
          case NexmarkTable.AUCTION_INITIAL_BID:
            return 3;
          case NexmarkTable.AUCTION_EXPIRES:
            return 4;
          case NexmarkTable.AUCTION_ITEM_NAME:
            return 5;
          case NexmarkTable.AUCTION_DESCRIPTION:
            return 6;
          case NexmarkTable.AUCTION_RESERVE:
            return 7;
          default:
            return 8;
        }
      default:
        switch (field) {
          case NexmarkTable.BID_AUCTION:
            return 1;
          case NexmarkTable.BID_BIDDER:
            return 2;
          case NexmarkTable.BID_PRICE:
            return 3;
          case NexmarkTable.BID_CHANNEL:
          case NexmarkTable.BID_URL:
            return 4;
          case NexmarkTable.BID_EXTRA:
            return 5;
          default:
            return 0;
        }
    }
  }

  // ------------------------------------------------------------------------------------ bids

  private void bids(long first, long last, ColumnVector[] byField, int lastStage, Output out) {
    LongVector auctionOut = (LongVector) byField[NexmarkTable.BID_AUCTION];
    LongVector bidderOut = (LongVector) byField[NexmarkTable.BID_BIDDER];
    LongVector priceOut = (LongVector) byField[NexmarkTable.BID_PRICE];
    BytesVector channelOut = (BytesVector) byField[NexmarkTable.BID_CHANNEL];
    BytesVector urlOut = (BytesVector) byField[NexmarkTable.BID_URL];
    LongVector dateTimeOut = (LongVector) byField[NexmarkTable.BID_DATE_TIME];
    BytesVector extraOut = (BytesVector) byField[NexmarkTable.BID_EXTRA];
    EventRandom r = random;
    byte[] pad = model.pad;
    int firstBidInEpoch = NexmarkModel.PERSON_PROPORTION + NexmarkModel.AUCTION_PROPORTION;
    long n = first;
    while (n < last) {
      long epoch = n / NexmarkModel.TOTAL_PROPORTION;
      long epochStart = epoch * NexmarkModel.TOTAL_PROPORTION;
      if (n < epochStart + firstBidInEpoch) {
        n = epochStart + firstBidInEpoch;
        continue;
      }
      long epochEnd = Math.min(last, epochStart + NexmarkModel.TOTAL_PROPORTION);
      // For every bid of an epoch the newest person is the epoch's and the newest auction its third.
      long lastPerson = epoch * NexmarkModel.PERSON_PROPORTION + NexmarkModel.PERSON_PROPORTION - 1;
      long lastAuction = epoch * NexmarkModel.AUCTION_PROPORTION + NexmarkModel.AUCTION_PROPORTION - 1;
      long hotAuction = (lastAuction / NexmarkModel.HOT_BATCH) * NexmarkModel.HOT_BATCH;
      long hotBidder = (lastPerson / NexmarkModel.HOT_BATCH) * NexmarkModel.HOT_BATCH + 1;
      long minAuction = Math.max(lastAuction - NexmarkModel.NUM_IN_FLIGHT_AUCTIONS, 0);
      int auctionChoices = (int) (lastAuction - minAuction + 1 + NexmarkModel.AUCTION_ID_LEAD);
      long numPeople = lastPerson + 1;
      long activePeople = Math.min(numPeople, NexmarkModel.NUM_ACTIVE_PEOPLE);
      int personChoices = (int) (activePeople + NexmarkModel.PERSON_ID_LEAD);
      for (; n < epochEnd; n++) {
        int row = out.row;
        if (dateTimeOut != null) {
          dateTimeOut.values[row] = model.timestampMillis(n);
        }
        if (lastStage >= 1) {
          r.seedEvent(seed, n);
          long auction = r.nextInt(NexmarkModel.HOT_AUCTION_RATIO) > 0 ? hotAuction
              : minAuction + r.nextInt(auctionChoices);
          if (auctionOut != null) {
            auctionOut.values[row] = auction + NexmarkModel.FIRST_AUCTION_ID;
          }
          if (lastStage >= 2) {
            long bidder = r.nextInt(NexmarkModel.HOT_BIDDERS_RATIO) > 0 ? hotBidder
                : numPeople - activePeople + r.nextInt(personChoices);
            if (bidderOut != null) {
              bidderOut.values[row] = bidder + NexmarkModel.FIRST_PERSON_ID;
            }
            if (lastStage >= 3) {
              double u = r.nextDouble();
              if (priceOut != null) {
                priceOut.values[row] = price(u);
              }
              if (lastStage >= 4) {
                byte[] channel;
                byte[] url;
                if (r.nextInt(2) > 0) {
                  int i = r.nextInt(NexmarkModel.HOT_CHANNELS.length);
                  channel = NexmarkModel.HOT_CHANNELS[i];
                  url = model.hotUrls[i];
                } else {
                  int c = r.nextInt(NexmarkModel.NUM_CHANNELS);
                  channel = model.channelNames[c];
                  url = model.channelUrls[c];
                }
                if (channelOut != null) {
                  put(channelOut, row, channel, 0, channel.length);
                }
                if (urlOut != null) {
                  put(urlOut, row, url, 0, url.length);
                }
                if (lastStage >= 5) {
                  extra(r, 8 + 8 + 8 + 8, NexmarkModel.AVG_BID_BYTES, extraOut, row, pad);
                }
              }
            }
          }
        }
        out.advance();
      }
    }
  }

  // ---------------------------------------------------------------------------------- persons

  private void persons(long first, long last, ColumnVector[] byField, int lastStage, Output out) {
    LongVector idOut = (LongVector) byField[NexmarkTable.PERSON_ID];
    BytesVector nameOut = (BytesVector) byField[NexmarkTable.PERSON_NAME];
    BytesVector emailOut = (BytesVector) byField[NexmarkTable.PERSON_EMAIL];
    BytesVector creditCardOut = (BytesVector) byField[NexmarkTable.PERSON_CREDIT_CARD];
    BytesVector cityOut = (BytesVector) byField[NexmarkTable.PERSON_CITY];
    BytesVector stateOut = (BytesVector) byField[NexmarkTable.PERSON_STATE];
    LongVector dateTimeOut = (LongVector) byField[NexmarkTable.PERSON_DATE_TIME];
    BytesVector extraOut = (BytesVector) byField[NexmarkTable.PERSON_EXTRA];
    EventRandom r = random;
    long firstEpoch = (first + NexmarkModel.TOTAL_PROPORTION - 1) / NexmarkModel.TOTAL_PROPORTION;
    for (long n = firstEpoch * NexmarkModel.TOTAL_PROPORTION; n < last; n += NexmarkModel.TOTAL_PROPORTION) {
      int row = out.row;
      if (idOut != null) {
        idOut.values[row] = NexmarkModel.lastBase0PersonId(n) + NexmarkModel.FIRST_PERSON_ID;
      }
      if (dateTimeOut != null) {
        dateTimeOut.values[row] = model.timestampMillis(n);
      }
      if (lastStage >= 1) {
        r.seedEvent(seed, n);
        byte[] firstName = NexmarkModel.FIRST_NAMES[r.nextInt(NexmarkModel.FIRST_NAMES.length)];
        byte[] lastName = NexmarkModel.LAST_NAMES[r.nextInt(NexmarkModel.LAST_NAMES.length)];
        int nameLength = firstName.length + 1 + lastName.length;
        if (nameOut != null) {
          int at = nameOut.reserve(row, nameLength);
          System.arraycopy(firstName, 0, nameOut.data, at, firstName.length);
          nameOut.data[at + firstName.length] = ' ';
          System.arraycopy(lastName, 0, nameOut.data, at + firstName.length + 1, lastName.length);
        }
        if (lastStage >= 2) {
          int emailLength = nextString(r, 7, (byte) ' ', scratchA, 0);
          scratchA[emailLength++] = '@';
          emailLength += nextString(r, 5, (byte) ' ', scratchA, emailLength);
          scratchA[emailLength++] = '.';
          scratchA[emailLength++] = 'c';
          scratchA[emailLength++] = 'o';
          scratchA[emailLength++] = 'm';
          if (emailOut != null) {
            put(emailOut, row, scratchA, 0, emailLength);
          }
          if (lastStage >= 3) {
            for (int group = 0, at = 0; group < 4; group++) {
              if (group > 0) {
                creditCard[at++] = ' ';
              }
              int v = r.nextInt(10000);
              creditCard[at++] = (byte) ('0' + v / 1000);
              creditCard[at++] = (byte) ('0' + v / 100 % 10);
              creditCard[at++] = (byte) ('0' + v / 10 % 10);
              creditCard[at++] = (byte) ('0' + v % 10);
            }
            if (creditCardOut != null) {
              put(creditCardOut, row, creditCard, 0, creditCard.length);
            }
            if (lastStage >= 4) {
              byte[] city = NexmarkModel.CITIES[r.nextInt(NexmarkModel.CITIES.length)];
              if (cityOut != null) {
                put(cityOut, row, city, 0, city.length);
              }
              if (lastStage >= 5) {
                byte[] state = NexmarkModel.STATES[r.nextInt(NexmarkModel.STATES.length)];
                if (stateOut != null) {
                  put(stateOut, row, state, 0, state.length);
                }
                if (lastStage >= NexmarkTable.PERSON_EXTRA) {
                  int size = 8 + nameLength + emailLength + creditCard.length + city.length + state.length;
                  extra(r, size, NexmarkModel.AVG_PERSON_BYTES, extraOut, row, model.pad);
                }
              }
            }
          }
        }
      }
      out.advance();
    }
  }

  // --------------------------------------------------------------------------------- auctions

  private void auctions(long first, long last, ColumnVector[] byField, int lastStage, Output out) {
    LongVector idOut = (LongVector) byField[NexmarkTable.AUCTION_ID];
    BytesVector itemNameOut = (BytesVector) byField[NexmarkTable.AUCTION_ITEM_NAME];
    BytesVector descriptionOut = (BytesVector) byField[NexmarkTable.AUCTION_DESCRIPTION];
    LongVector initialBidOut = (LongVector) byField[NexmarkTable.AUCTION_INITIAL_BID];
    LongVector reserveOut = (LongVector) byField[NexmarkTable.AUCTION_RESERVE];
    LongVector dateTimeOut = (LongVector) byField[NexmarkTable.AUCTION_DATE_TIME];
    LongVector expiresOut = (LongVector) byField[NexmarkTable.AUCTION_EXPIRES];
    LongVector sellerOut = (LongVector) byField[NexmarkTable.AUCTION_SELLER];
    LongVector categoryOut = (LongVector) byField[NexmarkTable.AUCTION_CATEGORY];
    BytesVector extraOut = (BytesVector) byField[NexmarkTable.AUCTION_EXTRA];
    EventRandom r = random;
    int firstAuctionInEpoch = NexmarkModel.PERSON_PROPORTION;
    int endOfAuctionsInEpoch = NexmarkModel.PERSON_PROPORTION + NexmarkModel.AUCTION_PROPORTION;
    for (long n = first; n < last; n++) {
      long rem = n % NexmarkModel.TOTAL_PROPORTION;
      if (rem < firstAuctionInEpoch || rem >= endOfAuctionsInEpoch) {
        // jump to the first auction of this epoch or the next: persons and bids are not ours
        n += (rem < firstAuctionInEpoch ? firstAuctionInEpoch : NexmarkModel.TOTAL_PROPORTION + firstAuctionInEpoch)
            - rem - 1;
        continue;
      }
      int row = out.row;
      long dateTime = model.timestampMillis(n);
      if (idOut != null) {
        idOut.values[row] = NexmarkModel.lastBase0AuctionId(n) + NexmarkModel.FIRST_AUCTION_ID;
      }
      if (dateTimeOut != null) {
        dateTimeOut.values[row] = dateTime;
      }
      if (lastStage >= 1) {
        r.seedEvent(seed, n);
        long seller;
        if (r.nextInt(NexmarkModel.HOT_SELLERS_RATIO) > 0) {
          seller = (NexmarkModel.lastBase0PersonId(n) / NexmarkModel.HOT_BATCH) * NexmarkModel.HOT_BATCH;
        } else {
          seller = randomActivePerson(n, r);
        }
        if (sellerOut != null) {
          sellerOut.values[row] = seller + NexmarkModel.FIRST_PERSON_ID;
        }
        if (lastStage >= 2) {
          long category = NexmarkModel.FIRST_CATEGORY_ID + r.nextInt(NexmarkModel.NUM_CATEGORIES);
          if (categoryOut != null) {
            categoryOut.values[row] = category;
          }
          if (lastStage >= 3) {
            long initialBid = price(r.nextDouble());
            if (initialBidOut != null) {
              initialBidOut.values[row] = initialBid;
            }
            if (lastStage >= 4) {
              long horizonMillis = model.timestampMillis(n + NexmarkModel.EVENTS_FOR_AUCTIONS) - dateTime;
              long expires = dateTime + 1L + nextLong(r, Math.max(horizonMillis * 2, 1L));
              if (expiresOut != null) {
                expiresOut.values[row] = expires;
              }
              if (lastStage >= 5) {
                int itemNameLength = nextString(r, 20, (byte) ' ', scratchA, 0);
                if (itemNameOut != null) {
                  put(itemNameOut, row, scratchA, 0, itemNameLength);
                }
                if (lastStage >= 6) {
                  int descriptionLength = nextString(r, 100, (byte) ' ', scratchB, 0);
                  if (descriptionOut != null) {
                    put(descriptionOut, row, scratchB, 0, descriptionLength);
                  }
                  if (lastStage >= 7) {
                    long reserve = initialBid + price(r.nextDouble());
                    if (reserveOut != null) {
                      reserveOut.values[row] = reserve;
                    }
                    if (lastStage >= 8) {
                      int size = 8 + itemNameLength + descriptionLength + 8 + 8 + 8 + 8 + 8;
                      extra(r, size, NexmarkModel.AVG_AUCTION_BYTES, extraOut, row, model.pad);
                    }
                  }
                }
              }
            }
          }
        }
      }
      out.advance();
    }
  }

  // ---------------------------------------------------------------------------------- helpers

  private static long price(double u) {
    return Math.round(Math.pow(10.0, u * 6.0) * 100.0);
  }

  private static long nextLong(EventRandom r, long bound) {
    return bound < Integer.MAX_VALUE ? r.nextInt((int) bound) : r.nextLong(bound);
  }

  private static long randomActivePerson(long eventNumber, EventRandom r) {
    long numPeople = NexmarkModel.lastBase0PersonId(eventNumber) + 1;
    long active = Math.min(numPeople, NexmarkModel.NUM_ACTIVE_PEOPLE);
    long n = nextLong(r, active + NexmarkModel.PERSON_ID_LEAD);
    return numPeople - active + n;
  }

  /**
   * Random lower-case letters, each replaced by {@code special} one time in 13, of length 3 to
   * {@code maxLength - 1}, without leading or trailing spaces; written at {@code at}.
   *
   * @return the length written
   */
  static int nextString(EventRandom r, int maxLength, byte special, byte[] dest, int at) {
    int length = 3 + r.nextInt(maxLength - 3);
    for (int i = 0; i < length; i++) {
      dest[at + i] = r.nextInt(13) == 0 ? special : (byte) ('a' + r.nextInt(26));
    }
    int begin = 0;
    int end = length;
    while (begin < end && dest[at + begin] <= ' ') {
      begin++;
    }
    while (end > begin && dest[at + end - 1] <= ' ') {
      end--;
    }
    if (begin > 0) {
      System.arraycopy(dest, at + begin, dest, at, end - begin);
    }
    return end - begin;
  }

  /** Padding that brings an event near its average size: a random slice of the model's pad. */
  private static void extra(EventRandom r, int currentSize, int desiredAverage, BytesVector out, int row, byte[] pad) {
    if (currentSize > desiredAverage) {
      if (out != null) {
        out.reserve(row, 0);
      }
      return;
    }
    int d = desiredAverage - currentSize;
    int delta = (int) Math.round(d * 0.2);
    int size = d - delta + (delta == 0 ? 0 : r.nextInt(2 * delta));
    int offset = r.nextInt(pad.length - size);
    if (out != null) {
      put(out, row, pad, offset, size);
    }
  }

  private static void put(BytesVector out, int row, byte[] source, int offset, int length) {
    int at = out.reserve(row, length);
    System.arraycopy(source, offset, out.data, at, length);
  }

  /** The batch being filled: pushes it when full, copies columns asked for twice. */
  private static final class Output {
    final Batch batch;
    final BatchConsumer consumer;
    final int[] fieldOfColumn;
    final boolean hasDuplicates;
    /** Whether the batch is filled again once passed on; if not, a second fill is a bug. */
    final boolean reuse;
    final int capacity;
    int row;
    boolean passed;

    Output(Batch batch, BatchConsumer consumer, int[] fieldOfColumn, boolean hasDuplicates, boolean reuse) {
      this.batch = batch;
      this.consumer = consumer;
      this.fieldOfColumn = fieldOfColumn;
      this.hasDuplicates = hasDuplicates;
      this.reuse = reuse;
      this.capacity = batch.columns.length == 0 ? Batch.DEFAULT_CAPACITY : batch.columns[0].capacity();
      batch.reset();
    }

    void advance() {
      if (++row == capacity) {
        flush();
      }
    }

    void flush() {
      if (row == 0) {
        return;
      }
      if (hasDuplicates) {
        copyDuplicates();
      }
      if (passed) {
        throw new IllegalStateException("More events than one batch holds were generated into a batch handed over");
      }
      batch.size = row;
      consumer.accept(batch);
      row = 0;
      if (reuse) {
        batch.reset();
      } else {
        passed = true;
      }
    }

    private void copyDuplicates() {
      for (int i = 0; i < fieldOfColumn.length; i++) {
        for (int j = 0; j < i; j++) {
          if (fieldOfColumn[j] == fieldOfColumn[i]) {
            for (int k = 0; k < row; k++) {
              batch.columns[i].copyFrom(batch.columns[j], k, k);
            }
            break;
          }
        }
      }
    }
  }
}
