// find_log, History's lookup, Python-style float text and ModelCheckpoint's file names.
#include <cmath>

#include "python_format.hpp"
#include "strata/keras/callbacks.hpp"
#include "training_test_support.hpp"

namespace {

using strata::Logs;
using strata::training_detail::format_checkpoint_path;
using strata::training_detail::python_float;
using training_test::error_of;

TEST(Logs, FindLogLooksUpByKey) {
  const Logs logs{{"loss", 0.5}, {"accuracy", 0.75}};
  EXPECT_EQ(strata::find_log(logs, "accuracy"), 0.75);
  EXPECT_EQ(strata::find_log(logs, "val_loss"), std::nullopt);
}

TEST(Logs, HistoryNamesTheKeysItHas) {
  strata::History history;
  history.history["loss"] = {1.0, 0.5};
  history.history["val_loss"] = {1.5};
  EXPECT_EQ(history["loss"], (std::vector<double>{1.0, 0.5}));
  const std::string message = error_of([&] { history["accuracy"]; });
  EXPECT_NE(message.find("\"accuracy\""), std::string::npos) << message;
  EXPECT_NE(message.find("loss, val_loss"), std::string::npos) << message;
}

TEST(PythonFloat, MatchesPythonRepr) {
  // Values and what Python's repr(float) prints for them.
  EXPECT_EQ(python_float(0.1), "0.1");
  EXPECT_EQ(python_float(1.0), "1.0");
  EXPECT_EQ(python_float(-2.0), "-2.0");
  EXPECT_EQ(python_float(0.0), "0.0");
  EXPECT_EQ(python_float(1e-05), "1e-05");
  EXPECT_EQ(python_float(0.0001), "0.0001");
  EXPECT_EQ(python_float(1e16), "1e+16");
  EXPECT_EQ(python_float(1234567890123456.0), "1234567890123456.0");
  EXPECT_EQ(python_float(0.30000001192092896), "0.30000001192092896");
  EXPECT_EQ(python_float(INFINITY), "inf");
  EXPECT_EQ(python_float(NAN), "nan");
}

TEST(CheckpointPath, FillsEpochAndLogFieldsAsPythonFormat) {
  const Logs logs{{"loss", 0.123456}, {"val_loss", 0.98765}, {"accuracy", 0.5}};
  EXPECT_EQ(format_checkpoint_path("ckpt-{epoch:02d}-{val_loss:.2f}.strata", 3, logs),
            "ckpt-03-0.99.strata");
  EXPECT_EQ(format_checkpoint_path("model.strata", 7, logs), "model.strata");
  EXPECT_EQ(format_checkpoint_path("e{epoch}_{loss}", 12, logs), "e12_0.123456");
  EXPECT_EQ(format_checkpoint_path("{accuracy}", 1, logs), "0.5");
  EXPECT_EQ(format_checkpoint_path("{{epoch}}-{epoch:>4}", 5, logs), "{epoch}-   5");
  EXPECT_EQ(format_checkpoint_path("{epoch:.1f}", 5, logs), "5.0");  // Python accepts this
  EXPECT_EQ(format_checkpoint_path("{loss:.3e}", 1, logs), "1.235e-01");
}

TEST(CheckpointPath, BadFieldsSayWhatIsWrong) {
  const Logs logs{{"loss", 0.5}};
  const std::string missing = error_of([&] { format_checkpoint_path("m-{val_acc}.s", 1, logs); });
  EXPECT_NE(missing.find("m-{val_acc}.s"), std::string::npos) << missing;
  EXPECT_NE(missing.find("\"val_acc\""), std::string::npos) << missing;
  EXPECT_NE(missing.find("epoch, loss"), std::string::npos) << missing;
  EXPECT_NE(error_of([&] { format_checkpoint_path("m-{loss:d}", 1, logs); }).find("loss"),
            std::string::npos);
  EXPECT_NE(error_of([&] { format_checkpoint_path("m-{epoch", 1, logs); }).find("never closed"),
            std::string::npos);
  EXPECT_NE(error_of([&] { format_checkpoint_path("m-}", 1, logs); }).find("single '}'"),
            std::string::npos);
}

}  // namespace
