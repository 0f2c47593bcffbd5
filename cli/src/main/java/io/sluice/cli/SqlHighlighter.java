package io.sluice.cli;

import java.util.regex.Pattern;
import org.jline.reader.Highlighter;
import org.jline.reader.LineReader;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Colours SQL as it is typed: keywords bold blue, strings green, numbers cyan, comments and
 * shell commands dim. A lexer of its own, tolerant of unfinished text.
 */
final class SqlHighlighter implements Highlighter {
  private static final AttributedStyle KEYWORD = AttributedStyle.BOLD.foreground(AttributedStyle.BLUE);
  private static final AttributedStyle STRING = AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
  private static final AttributedStyle NUMBER = AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);
  private static final AttributedStyle COMMENT = AttributedStyle.DEFAULT.faint();

  @Override
  public AttributedString highlight(LineReader reader, String buffer) {
    AttributedStringBuilder sb = new AttributedStringBuilder();
    if (ShellCommands.isCommand(buffer.lines().findFirst().orElse(""))) {
      return sb.styled(COMMENT.bold(), buffer).toAttributedString();
    }
    int i = 0;
    int n = buffer.length();
    while (i < n) {
      char c = buffer.charAt(i);
      int end;
      if (c == '\'' || c == '"') {
        end = i + 1;
        while (end < n) {
          if (buffer.charAt(end) == c) {
            if (end + 1 < n && buffer.charAt(end + 1) == c) {
              end += 2; // a doubled quote inside the text
              continue;
            }
            end++;
            break;
          }
          end++;
        }
        sb.styled(c == '\'' ? STRING : AttributedStyle.DEFAULT, buffer.substring(i, end));
      } else if (c == '-' && i + 1 < n && buffer.charAt(i + 1) == '-') {
        end = buffer.indexOf('\n', i);
        end = end < 0 ? n : end;
        sb.styled(COMMENT, buffer.substring(i, end));
      } else if (c == '/' && i + 1 < n && buffer.charAt(i + 1) == '*') {
        end = buffer.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        sb.styled(COMMENT, buffer.substring(i, end));
      } else if (Character.isLetter(c) || c == '_') {
        end = i + 1;
        while (end < n && (Character.isLetterOrDigit(buffer.charAt(end)) || buffer.charAt(end) == '_')) {
          end++;
        }
        String word = buffer.substring(i, end);
        sb.styled(SqlWords.KEYWORD_SET.contains(word) ? KEYWORD : AttributedStyle.DEFAULT, word);
      } else if (Character.isDigit(c)) {
        end = i + 1;
        while (end < n && (Character.isDigit(buffer.charAt(end)) || buffer.charAt(end) == '.')) {
          end++;
        }
        sb.styled(NUMBER, buffer.substring(i, end));
      } else {
        end = i + 1;
        sb.append(c);
      }
      i = end;
    }
    return sb.toAttributedString();
  }

  @Override
  public void setErrorPattern(Pattern errorPattern) {
    // errors are reported when a statement runs, not while it is typed
  }

  @Override
  public void setErrorIndex(int errorIndex) {
    // as above
  }
}
