package io.sluice.engine.connector.nexmark;

import io.sluice.catalog.Column;
import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The three Nexmark tables, each with the standard columns in the standard order (the order
 * of the benchmark generator's CSV files and schema.sql).
 */
enum NexmarkTable {
  PERSON("person", new String[] {"id", "name", "emailAddress", "creditCard", "city", "state", "dateTime", "extra"},
      new TypeKind[] {TypeKind.BIGINT, TypeKind.VARCHAR, TypeKind.VARCHAR, TypeKind.VARCHAR, TypeKind.VARCHAR,
          TypeKind.VARCHAR, TypeKind.TIMESTAMP, TypeKind.VARCHAR}),
  AUCTION("auction", new String[] {"id", "itemName", "description", "initialBid", "reserve", "dateTime", "expires",
      "seller", "category", "extra"},
      new TypeKind[] {TypeKind.BIGINT, TypeKind.VARCHAR, TypeKind.VARCHAR, TypeKind.BIGINT, TypeKind.BIGINT,
          TypeKind.TIMESTAMP, TypeKind.TIMESTAMP, TypeKind.BIGINT, TypeKind.BIGINT, TypeKind.VARCHAR}),
  BID("bid", new String[] {"auction", "bidder", "price", "channel", "url", "dateTime", "extra"},
      new TypeKind[] {TypeKind.BIGINT, TypeKind.BIGINT, TypeKind.BIGINT, TypeKind.VARCHAR, TypeKind.VARCHAR,
          TypeKind.TIMESTAMP, TypeKind.VARCHAR});

  // Field numbers, the index of each standard column in its table.
  static final int PERSON_ID = 0;
  static final int PERSON_NAME = 1;
  static final int PERSON_EMAIL = 2;
  static final int PERSON_CREDIT_CARD = 3;
  static final int PERSON_CITY = 4;
  static final int PERSON_STATE = 5;
  static final int PERSON_DATE_TIME = 6;
  static final int PERSON_EXTRA = 7;

  static final int AUCTION_ID = 0;
  static final int AUCTION_ITEM_NAME = 1;
  static final int AUCTION_DESCRIPTION = 2;
  static final int AUCTION_INITIAL_BID = 3;
  static final int AUCTION_RESERVE = 4;
  static final int AUCTION_DATE_TIME = 5;
  static final int AUCTION_EXPIRES = 6;
  static final int AUCTION_SELLER = 7;
  static final int AUCTION_CATEGORY = 8;
  static final int AUCTION_EXTRA = 9;

  static final int BID_AUCTION = 0;
  static final int BID_BIDDER = 1;
  static final int BID_PRICE = 2;
  static final int BID_CHANNEL = 3;
  static final int BID_URL = 4;
  static final int BID_DATE_TIME = 5;
  static final int BID_EXTRA = 6;

  private final String optionValue;
  private final String[] names;
  private final TypeKind[] kinds;

  NexmarkTable(String optionValue, String[] names, TypeKind[] kinds) {
    this.optionValue = optionValue;
    this.names = names;
    this.kinds = kinds;
  }

  String optionValue() {
    return optionValue;
  }

  int fieldCount() {
    return names.length;
  }

  String fieldName(int field) {
    return names[field];
  }

  TypeKind fieldKind(int field) {
    return kinds[field];
  }

  /** The standard columns, as used when a declaration lists none. */
  List<Column> standardColumns() {
    List<Column> columns = new ArrayList<>(names.length);
    for (int i = 0; i < names.length; i++) {
      DataType type = kinds[i] == TypeKind.TIMESTAMP ? new DataType(TypeKind.TIMESTAMP, 3, 0, true) : DataType.of(kinds[i]);
      columns.add(new Column(names[i], type));
    }
    return columns;
  }

  /**
   * The field a declared column name stands for, or -1. Case and underscores are ignored, so
   * {@code dateTime}, {@code datetime} and {@code date_time} all name the same column.
   */
  int field(String declaredName) {
    String key = normalize(declaredName);
    for (int i = 0; i < names.length; i++) {
      if (normalize(names[i]).equals(key)) {
        return i;
      }
    }
    return -1;
  }

  static String normalize(String name) {
    return name.replace("_", "").toLowerCase(Locale.ROOT);
  }

  /** Whether event {@code eventNumber} of the stream belongs to this table. */
  boolean holds(long eventNumber) {
    long rem = eventNumber % NexmarkModel.TOTAL_PROPORTION;
    switch (this) {
      case PERSON:
        return rem < NexmarkModel.PERSON_PROPORTION;
      case AUCTION:
        return rem >= NexmarkModel.PERSON_PROPORTION
            && rem < NexmarkModel.PERSON_PROPORTION + NexmarkModel.AUCTION_PROPORTION;
      default:
        return rem >= NexmarkModel.PERSON_PROPORTION + NexmarkModel.AUCTION_PROPORTION;
    }
  }

  /** Events of this table among the first {@code events} events of the stream. */
  long rowsIn(long events) {
    long epochs = events / NexmarkModel.TOTAL_PROPORTION;
    long rem = events % NexmarkModel.TOTAL_PROPORTION;
    switch (this) {
      case PERSON:
        return epochs * NexmarkModel.PERSON_PROPORTION + Math.min(rem, NexmarkModel.PERSON_PROPORTION);
      case AUCTION:
        return epochs * NexmarkModel.AUCTION_PROPORTION
            + Math.max(0, Math.min(rem - NexmarkModel.PERSON_PROPORTION, NexmarkModel.AUCTION_PROPORTION));
      default:
        return epochs * NexmarkModel.BID_PROPORTION
            + Math.max(0, rem - NexmarkModel.PERSON_PROPORTION - NexmarkModel.AUCTION_PROPORTION);
    }
  }
}
