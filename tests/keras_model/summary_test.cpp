// summary(): the text Keras 3 prints for the same models (print_summary renders a rich table
// with these widths: 88 columns, 108 with "Connected to", narrowed to the terminal minus 4).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <sstream>

#include "model_test_support.hpp"
#include "strata/keras/keras_tensor.hpp"
#include "strata/op_error.hpp"
#include "summary_table.hpp"

namespace model_test {
namespace {

using strata::BatchNormalization;
using strata::Concatenate;
using strata::Conv2D;
using strata::Dense;
using strata::Dropout;
using strata::Flatten;
using strata::Input;
using strata::MaxPooling2D;
using strata::Model;
using strata::Sequential;

class SummaryTest : public ModelTest {};

TEST_F(SummaryTest, MlpMatchesKeras) {
  const ColumnsScope wide("200");  // a wide terminal: Keras's 88 columns
  Sequential model({Input({784}), Dense(128, {.activation = "relu", .name = "dense"}),
                    Dense(10, {.name = "dense_1"})},
                   "sequential");
  EXPECT_EQ(model.summary_text(), R"TXT(Model: "sequential"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┓
┃ Layer (type)                         ┃ Output Shape                ┃         Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━┩
│ dense (Dense)                        │ (None, 128)                 │         100,480 │
├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤
│ dense_1 (Dense)                      │ (None, 10)                  │           1,290 │
└──────────────────────────────────────┴─────────────────────────────┴─────────────────┘
 Total params: 101,770 (397.54 KB)
 Trainable params: 101,770 (397.54 KB)
 Non-trainable params: 0 (0.00 B)
)TXT");
}

// Output that is not a terminal and no $COLUMNS: Python's fallback of 80 columns, so 76.
TEST_F(SummaryTest, ConvnetAtEightyColumnsMatchesKeras) {
  const ColumnsScope narrow("80");
  Sequential model(
      {Input({28, 28, 1}), Conv2D(32, {3, 3}, {.activation = "relu", .name = "conv2d"}),
       MaxPooling2D({2, 2}, {.name = "max_pooling2d"}),
       Conv2D(64, {3, 3}, {.activation = "relu", .name = "conv2d_1"}),
       MaxPooling2D({2, 2}, {.name = "max_pooling2d_1"}), Flatten({}, "flatten"),
       Dropout(0.5, {.name = "dropout"}), Dense(10, {.activation = "softmax", .name = "dense"})},
      "sequential");
  EXPECT_EQ(model.summary_text(), R"TXT(Model: "sequential"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
│ conv2d (Conv2D)                 │ (None, 26, 26, 32)     │           320 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ max_pooling2d (MaxPooling2D)    │ (None, 13, 13, 32)     │             0 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ conv2d_1 (Conv2D)               │ (None, 11, 11, 64)     │        18,496 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ max_pooling2d_1 (MaxPooling2D)  │ (None, 5, 5, 64)       │             0 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ flatten (Flatten)               │ (None, 1600)           │             0 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ dropout (Dropout)               │ (None, 1600)           │             0 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ dense (Dense)                   │ (None, 10)             │        16,010 │
└─────────────────────────────────┴────────────────────────┴───────────────┘
 Total params: 34,826 (136.04 KB)
 Trainable params: 34,826 (136.04 KB)
 Non-trainable params: 0 (0.00 B)
)TXT");
}

// BatchNormalization's moving statistics are non-trainable; a long name wraps in its cell.
TEST_F(SummaryTest, NonTrainableWeightsAndWrappedNames) {
  Sequential model(
      {Input({4}), Dense(8, {.name = "dense"}), BatchNormalization({.name = "batch_normalization"}),
       Dense(1, {.name = "dense_1"})},
      "sequential_bn");
  EXPECT_EQ(model.summary_text(88), R"TXT(Model: "sequential_bn"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┓
┃ Layer (type)                         ┃ Output Shape                ┃         Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━┩
│ dense (Dense)                        │ (None, 8)                   │              40 │
├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤
│ batch_normalization                  │ (None, 8)                   │              32 │
│ (BatchNormalization)                 │                             │                 │
├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤
│ dense_1 (Dense)                      │ (None, 1)                   │               9 │
└──────────────────────────────────────┴─────────────────────────────┴─────────────────┘
 Total params: 81 (324.00 B)
 Trainable params: 65 (260.00 B)
 Non-trainable params: 16 (64.00 B)
)TXT");
}

TEST_F(SummaryTest, UnbuiltSequentialShowsQuestionMarks) {
  Sequential model({Dense(4, {.name = "dense"}), Dense(2, {.name = "dense_1"})}, "sequential");
  EXPECT_EQ(model.summary_text(88), R"TXT(Model: "sequential"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┓
┃ Layer (type)                         ┃ Output Shape                ┃         Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━┩
│ dense (Dense)                        │ ?                           │     0 (unbuilt) │
├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤
│ dense_1 (Dense)                      │ ?                           │     0 (unbuilt) │
└──────────────────────────────────────┴─────────────────────────────┴─────────────────┘
 Total params: 0 (0.00 B)
 Trainable params: 0 (0.00 B)
 Non-trainable params: 0 (0.00 B)
)TXT");
}

// Two inputs, a merge and two heads: not a chain, so Keras adds "Connected to" at 108 columns
// and lists the layers by depth, inputs first.
TEST_F(SummaryTest, BranchingFunctionalModelHasConnections) {
  const ColumnsScope wide("200");
  const auto a = Input({3}, std::nullopt, "input_a");
  const auto b = Input({5}, std::nullopt, "input_b");
  const auto merged = Concatenate(
      -1, "concatenate")({Dense(4, {.name = "dense_a"})(a), Dense(4, {.name = "dense_b"})(b)});
  Model model({a, b}, {Dense(1, {.name = "head"})(merged), Dense(2, {.name = "aux"})(merged)},
              "two_towers");
  EXPECT_EQ(model.summary_text(), R"TXT(Model: "two_towers"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓
┃ Layer (type)                  ┃ Output Shape              ┃         Param # ┃ Connected to               ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━┩
│ input_a (InputLayer)          │ (None, 3)                 │               0 │ -                          │
├───────────────────────────────┼───────────────────────────┼─────────────────┼────────────────────────────┤
│ input_b (InputLayer)          │ (None, 5)                 │               0 │ -                          │
├───────────────────────────────┼───────────────────────────┼─────────────────┼────────────────────────────┤
│ dense_a (Dense)               │ (None, 4)                 │              16 │ input_a[0][0]              │
├───────────────────────────────┼───────────────────────────┼─────────────────┼────────────────────────────┤
│ dense_b (Dense)               │ (None, 4)                 │              24 │ input_b[0][0]              │
├───────────────────────────────┼───────────────────────────┼─────────────────┼────────────────────────────┤
│ concatenate (Concatenate)     │ (None, 8)                 │               0 │ dense_a[0][0],             │
│                               │                           │                 │ dense_b[0][0]              │
├───────────────────────────────┼───────────────────────────┼─────────────────┼────────────────────────────┤
│ head (Dense)                  │ (None, 1)                 │               9 │ concatenate[0][0]          │
├───────────────────────────────┼───────────────────────────┼─────────────────┼────────────────────────────┤
│ aux (Dense)                   │ (None, 2)                 │              18 │ concatenate[0][0]          │
└───────────────────────────────┴───────────────────────────┴─────────────────┴────────────────────────────┘
 Total params: 67 (268.00 B)
 Trainable params: 67 (268.00 B)
 Non-trainable params: 0 (0.00 B)
)TXT");
}

// A functional chain prints like a Sequential, with its InputLayer as the first row.
TEST_F(SummaryTest, FunctionalChainPrintsThreeColumns) {
  const auto inputs = Input({784}, std::nullopt, "input_layer");
  const auto hidden = Dense(128, {.activation = "relu", .name = "dense"})(inputs);
  Model model(inputs, Dense(10, {.name = "dense_1"})(hidden), "functional");
  EXPECT_EQ(model.summary_text(88), R"TXT(Model: "functional"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┓
┃ Layer (type)                         ┃ Output Shape                ┃         Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━┩
│ input_layer (InputLayer)             │ (None, 784)                 │               0 │
├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤
│ dense (Dense)                        │ (None, 128)                 │         100,480 │
├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤
│ dense_1 (Dense)                      │ (None, 10)                  │           1,290 │
└──────────────────────────────────────┴─────────────────────────────┴─────────────────┘
 Total params: 101,770 (397.54 KB)
 Trainable params: 101,770 (397.54 KB)
 Non-trainable params: 0 (0.00 B)
)TXT");
}

TEST_F(SummaryTest, NestedModelIsOneRow) {
  Sequential inner(Input({6}), {Dense(4, {.name = "inner_a"}), Dense(3, {.name = "inner_b"})},
                   "inner");
  const auto inputs = Input({6}, std::nullopt, "outer_input");
  Model outer(inputs, Dense(1, {.name = "head"})(inner(inputs)), "outer");
  EXPECT_EQ(outer.summary_text(88), R"TXT(Model: "outer"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┓
┃ Layer (type)                         ┃ Output Shape                ┃         Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━┩
│ outer_input (InputLayer)             │ (None, 6)                   │               0 │
├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤
│ inner (Sequential)                   │ (None, 3)                   │              43 │
├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤
│ head (Dense)                         │ (None, 1)                   │               4 │
└──────────────────────────────────────┴─────────────────────────────┴─────────────────┘
 Total params: 47 (188.00 B)
 Trainable params: 47 (188.00 B)
 Non-trainable params: 0 (0.00 B)
)TXT");
}

// After training, Keras adds the optimizer's variables to the total and lists them.
TEST_F(SummaryTest, OptimizerParamsAppearAfterTraining) {
  Sequential model({Input({2}), Dense(1, {.name = "dense"})}, "sequential");
  model.compile(strata::Adam(), "mse");
  const std::string before = model.summary_text(88);
  EXPECT_EQ(before.find("Optimizer params"), std::string::npos);
  model.train_on_batch(Tensor::ones({4, 2}), Tensor::zeros({4, 1}));
  int64_t slots = 0;
  double bytes = 0;
  for (const auto& variable : model.optimizer()->variables()) {
    slots += variable.shape().numel();
    bytes += static_cast<double>(variable.shape().numel() * strata::dtype_size(variable.dtype()));
  }
  ASSERT_GE(slots, 6);  // Adam keeps m and v for the 3 weights at least
  const std::string after = model.summary_text(88);
  EXPECT_NE(after.find(fmt::format(" Total params: {} ({:.2f} B)\n", 3 + slots, 12 + bytes)),
            std::string::npos)
      << after;
  EXPECT_NE(after.find(fmt::format(" Optimizer params: {} ({:.2f} B)\n", slots, bytes)),
            std::string::npos)
      << after;
}

// Cells rich cannot fit: words wrap, a word longer than its column is cut with "…" (the
// expected text is what rich 13 prints for the same table).
TEST(SummaryTable, WrapsWordsAndCutsOverlongOnes) {
  using strata::detail::TableColumn;
  const std::vector<TableColumn> columns{
      {"Layer (type)", false, 10}, {"Output Shape", false, 8}, {"Param #", true, 6}};
  EXPECT_EQ(strata::detail::render_table(columns, {}, 34), R"TXT(┏━━━━━━━━━━━━┳━━━━━━━━━━┳━━━━━━━━┓
┃ Layer      ┃ Output   ┃  Param ┃
┃ (type)     ┃ Shape    ┃      # ┃
┡━━━━━━━━━━━━╇━━━━━━━━━━╇━━━━━━━━┩
└────────────┴──────────┴────────┘
)TXT");
  EXPECT_EQ(strata::detail::render_table(
                columns,
                {{"averyveryverylongname (Dense)", "(None, 1, 2, 3, 4)", "1,234,567,890"},
                 {"a b", "x", "1"}},
                34),
            R"TXT(┏━━━━━━━━━━━━┳━━━━━━━━━━┳━━━━━━━━┓
┃ Layer      ┃ Output   ┃  Param ┃
┃ (type)     ┃ Shape    ┃      # ┃
┡━━━━━━━━━━━━╇━━━━━━━━━━╇━━━━━━━━┩
│ averyvery… │ (None,   │ 1,234… │
│ (Dense)    │ 1, 2, 3, │        │
│            │ 4)       │        │
├────────────┼──────────┼────────┤
│ a b        │ x        │      1 │
└────────────┴──────────┴────────┘
)TXT");
}

TEST_F(SummaryTest, SummaryWritesTheSameTextToAStream) {
  Sequential model({Input({3}), Dense(2, {.name = "dense"})}, "sequential");
  std::ostringstream out;
  model.summary(out, 88);
  EXPECT_EQ(out.str(), model.summary_text(88));
}

}  // namespace
}  // namespace model_test
